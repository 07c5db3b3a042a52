using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Products;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>
/// Writes the <c>Products</c> row, touches the tenant's <see cref="ProductCatalogVersion"/> and marks the item succeeded.
/// Idempotent: same product id, same row.
/// </summary>
public sealed class SaveProductActivity(CatalogTables tables, JobItemWriter items, ProductCatalogVersion catalogVersion, TimeProvider time)
    : Orchestration.IActivity<SaveProductInput, ItemResult>
{
    public static string Name => "SaveProduct";

    public async Task<ItemResult> RunAsync(SaveProductInput input, CancellationToken cancellationToken)
    {
        var content = input.Content;
        var job = content.Item.Job;
        var servedBy = new Dictionary<string, string> { ["chat"] = content.Deployment, ["embedding"] = input.Embedding.Deployment };
        if (input.Image is { } image)
        {
            servedBy["image"] = image.Deployment;
        }

        await tables.Products.UpsertEntityAsync(new ProductEntity
        {
            PartitionKey = job.TenantId,
            RowKey = content.ProductId,
            JobId = job.JobId,
            ItemIndex = content.Item.Index,
            JobKind = content.Item.Kind,
            Title = content.Title,
            Summary = content.Summary,
            ContentBlob = ProductBlobs.ContentPath(job.TenantId, content.ProductId),
            ImageBlob = input.Image?.BlobPath,
            EmbeddingModel = input.Embedding.Model,
            EmbeddingDimensions = input.Embedding.Dimensions,
            ServedByJson = JsonSerializer.Serialize(servedBy, CatalogJson.Options),
            Degraded = content.Degraded,
            CreatedAt = time.GetUtcNow(),
            Category = content.Category,
            CategoryKey = content.Category is { } category ? ProductEntity.CategoryKeyOf(category) : null,
        }, cancellationToken: cancellationToken);
        await catalogVersion.TouchAsync(job.TenantId, cancellationToken);

        var cost = content.Cost.Add(input.Embedding.Cost).Add(input.Image?.Cost ?? AiCost.Zero);
        var row = await items.ReadAsync(job, content.Item.Index, cancellationToken);
        await items.FinishAsync(job, row, cost, r =>
        {
            r.ItemStatus = ItemStatus.Succeeded;
            r.ProductId = content.ProductId;
            r.Title = content.Title;
            r.ErrorClass = null;
            r.ErrorMessage = null;
            r.FailedStep = null;
            r.Degraded = content.Degraded;
        }, cancellationToken);

        Telemetry.CatalogForgeMetrics.ItemFinished(job.TenantId, nameof(ItemStatus.Succeeded), errorClass: null);
        return new ItemResult(content.Item.Index, ItemStatus.Succeeded, cost);
    }
}
