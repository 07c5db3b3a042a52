namespace CatalogForge.Core.Intelligence.Nightly.Views;

/// <summary>
/// <c>GET /api/products/{id}/similar</c>: the product's most similar products in the tenant's current snapshot, best
/// first. No snapshot yet, or a product newer than the snapshot: <see cref="SnapshotId"/> and <see cref="ComputedAt"/>
/// are null and <see cref="Similar"/> is empty.
/// </summary>
public sealed record SimilarProductsView(
    string ProductId, string? SnapshotId, DateTimeOffset? ComputedAt, IReadOnlyList<SimilarProductView> Similar);

/// <summary>A similar product with its title (null when its row is gone) and cosine similarity (−1…1).</summary>
public sealed record SimilarProductView(string ProductId, string? Title, float Score);
