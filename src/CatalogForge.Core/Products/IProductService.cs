using System.Text.Json;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Products;

public sealed record ProductView
{
    public required string ProductId { get; init; }
    public required string JobId { get; init; }
    public required int ItemIndex { get; init; }
    public required JobKind Kind { get; init; }
    public required string Title { get; init; }
    public required string Summary { get; init; }

    /// <summary>The full schema-constrained content (generated or enriched), read from its blob.</summary>
    public required JsonElement Content { get; init; }

    public bool HasImage { get; init; }
    public int EmbeddingDimensions { get; init; }
    public string? EmbeddingModel { get; init; }

    /// <summary>Deployments that actually served this product, by task (chat, embedding, image).</summary>
    public required IReadOnlyDictionary<string, string> ServedBy { get; init; }

    /// <summary>True when content came from a fallback prompt after a content-policy refusal.</summary>
    public bool Degraded { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

public sealed record ProductImage(Stream Content, string ContentType);

public interface IProductService
{
    /// <summary>A page of the tenant's products, newest first (see <see cref="ProductListQuery"/>).</summary>
    Task<ProductListPage> ListAsync(string tenantId, ProductListQuery query, CancellationToken cancellationToken);

    Task<ProductView?> GetAsync(string tenantId, string productId, CancellationToken cancellationToken);

    Task<ProductImage?> OpenImageAsync(string tenantId, string productId, CancellationToken cancellationToken);
}
