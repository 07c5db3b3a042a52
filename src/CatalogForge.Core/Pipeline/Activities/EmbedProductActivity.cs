using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Products;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Product content → embedding vector, stored in <c>Embeddings</c> with its model and content hash.</summary>
public sealed class EmbedProductActivity(ProductBlobs blobs, CatalogTables tables, IAiGateway ai) : Orchestration.IActivity<ContentRef, EmbeddingRef>
{
    public static string Name => "EmbedProduct";

    public async Task<EmbeddingRef> RunAsync(ContentRef content, CancellationToken cancellationToken)
    {
        var tenantId = content.Item.Job.TenantId;
        var json = await blobs.ReadAsync(ProductBlobs.ContentPath(tenantId, content.ProductId), cancellationToken)
            ?? throw new ClassifiedException(ErrorClass.Storage, $"content.json of product {content.ProductId} is missing.");
        var text = ProductEmbeddingText.Of(content.Item.Kind, content.Title, json);
        var call = content.Item.AiCall();
        var result = await ai.EmbedAsync(call, text, cancellationToken);

        await tables.Embeddings.UpsertEntityAsync(new EmbeddingEntity
        {
            PartitionKey = tenantId,
            RowKey = content.ProductId,
            Model = result.Usage.Model,
            Deployment = result.Usage.Deployment,
            Dimensions = result.Value.Length,
            ContentHash = ProductEmbeddingText.Hash(text),
            Vector = EmbeddingEntity.Pack(result.Value),
        }, cancellationToken: cancellationToken);

        return new EmbeddingRef(result.Usage.Model, result.Usage.Deployment, result.Value.Length,
            new AiCost(result.Usage.InputTokens, 0, Money.ToMicros(result.Usage.CostUsd)));
    }
}
