using CatalogForge.Core.Ai;

namespace CatalogForge.Core.Search;

public sealed record ProductSearchHit(string ProductId, string Title, double Score);

/// <summary>The best <c>k</c> products for a query, best first, and the embedding model both were compared in.</summary>
public sealed record ProductSearchResult(string Query, int K, string Model, IReadOnlyList<ProductSearchHit> Items);

/// <summary>
/// Semantic search: the query is embedded through the AI gateway (request cache, budget, ledger like every model call,
/// attributed to the tenant), then compared by cosine with every vector of the tenant's products of the same model
/// (exact top-k, no approximate index).
/// </summary>
public sealed class ProductSearch(IAiGateway ai, ProductVectorCache vectors)
{
    public async Task<ProductSearchResult> SearchAsync(string tenantId, string query, int k, CancellationToken cancellationToken)
    {
        var embedded = await ai.EmbedAsync(new AiCallContext(tenantId), query, cancellationToken);
        var tenantVectors = await vectors.GetAsync(tenantId, embedded.Usage.Model, embedded.Value.Length, cancellationToken);
        var hits = tenantVectors.TopK(embedded.Value, k)
            .Select(hit => new ProductSearchHit(tenantVectors.ProductIds[hit.Row], tenantVectors.Titles[hit.Row], Math.Round(hit.Score, 6)))
            .ToList();
        return new ProductSearchResult(query, k, embedded.Usage.Model, hits);
    }
}
