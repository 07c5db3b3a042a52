using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Products;

public sealed class ProductService(CatalogTables tables, ProductBlobs blobs, ProductQueries queries) : IProductService
{
    public Task<ProductListPage> ListAsync(string tenantId, ProductListQuery query, CancellationToken cancellationToken) =>
        queries.ListAsync(tenantId, query, cancellationToken);

    public async Task<ProductView?> GetAsync(string tenantId, string productId, CancellationToken cancellationToken)
    {
        var row = await FindAsync(tenantId, productId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var content = await blobs.ReadAsync(row.ContentBlob, cancellationToken)
            ?? throw new ClassifiedException(ErrorClass.Storage, $"The content blob of product {productId} is missing.");
        return new ProductView
        {
            ProductId = row.RowKey,
            JobId = row.JobId,
            ItemIndex = row.ItemIndex,
            Kind = row.JobKind,
            Title = row.Title,
            Summary = row.Summary,
            Content = JsonSerializer.Deserialize<JsonElement>(content.ToMemory().Span),
            HasImage = row.ImageBlob is not null,
            EmbeddingDimensions = row.EmbeddingDimensions,
            EmbeddingModel = row.EmbeddingModel,
            ServedBy = JsonSerializer.Deserialize<Dictionary<string, string>>(row.ServedByJson, CatalogJson.Options) ?? [],
            Degraded = row.Degraded,
            CreatedAt = row.CreatedAt,
        };
    }

    public async Task<ProductImage?> OpenImageAsync(string tenantId, string productId, CancellationToken cancellationToken)
    {
        var row = await FindAsync(tenantId, productId, cancellationToken);
        if (row?.ImageBlob is not { } path)
        {
            return null;
        }

        var stream = await blobs.OpenReadAsync(path, cancellationToken);
        return stream is null ? null : new ProductImage(stream, "image/png");
    }

    private async Task<ProductEntity?> FindAsync(string tenantId, string productId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(productId) || productId.Length > 64 || productId.AsSpan().IndexOfAny("/\\#?") >= 0)
        {
            return null;
        }

        var row = await tables.Products.GetEntityIfExistsAsync<ProductEntity>(tenantId, productId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }
}
