using Microsoft.Extensions.Caching.Memory;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>
/// The <c>similar.json</c> of tenants' current snapshots, by product id, held in memory (at most
/// <see cref="CacheMegabytes"/>, least recently used first out). A published snapshot never changes, so an entry keyed by
/// tenant and snapshot id is valid as long as the pointer names that snapshot; a moved pointer names a new key.
/// </summary>
public sealed class SimilarProductsIndex(NightlySnapshotStore store) : IDisposable
{
    public const int CacheMegabytes = 64;

    /// <summary>Rough heap cost of a product and of one of its neighbors in the index, for the cache's size limit.</summary>
    private const int BytesPerProduct = 160;
    private const int BytesPerNeighbor = 48;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = CacheMegabytes * 1024L * 1024L });

    public sealed record Snapshot(string SnapshotId, DateTimeOffset ComputedAt, IReadOnlyDictionary<string, IReadOnlyList<SimilarProduct>> Neighbors);

    /// <summary>The snapshot's similar products, or null when it has no <c>similar.json</c>.</summary>
    public async Task<Snapshot?> GetAsync(string tenantId, string snapshotId, CancellationToken cancellationToken)
    {
        var key = $"{tenantId}\n{snapshotId}";
        if (_cache.TryGetValue<Snapshot>(key, out var cached))
        {
            return cached;
        }

        var row = store.Snapshots.GetEntityIfExistsAsync<NightlySnapshotEntity>(tenantId, snapshotId, cancellationToken: cancellationToken);
        var similar = await store.ReadAsync<List<SimilarProducts>>(tenantId, snapshotId, NightlySnapshotStore.Similar, cancellationToken);
        var published = await row;
        if (similar is null || !published.HasValue || published.Value is null)
        {
            return null;
        }

        var snapshot = new Snapshot(snapshotId, published.Value.PublishedAt,
            similar.ToDictionary(p => p.ProductId, p => p.Similar, StringComparer.Ordinal));
        var size = (similar.Count * (long)BytesPerProduct) + (similar.Sum(p => (long)p.Similar.Count) * BytesPerNeighbor);
        _cache.Set(key, snapshot, new MemoryCacheEntryOptions { Size = size });
        return snapshot;
    }

    public void Dispose() => _cache.Dispose();
}
