using Azure.Data.Tables;
using CatalogForge.Core.Products;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Search;

/// <summary>
/// Tenants' product vectors held in memory, bounded by <see cref="SearchOptions.VectorCacheMegabytes"/>. An entry is
/// valid for the catalog version it was loaded at: every <see cref="ICatalogVersionSource"/> is read (one point read
/// each) before the entry is used, and a different version reloads it. The version is read before loading, so a product
/// saved during a load changes the version and the next query reloads.
/// </summary>
public sealed class ProductVectorCache(
    CatalogTables tables,
    IEnumerable<ICatalogVersionSource> versionSources,
    IOptions<SearchOptions> options,
    ILogger<ProductVectorCache> logger) : IDisposable
{
    private static readonly string[] EmbeddingColumns =
        ["RowKey", nameof(EmbeddingEntity.Model), nameof(EmbeddingEntity.Dimensions), nameof(EmbeddingEntity.Vector)];

    private static readonly string[] TitleColumns = ["RowKey", nameof(ProductEntity.Title)];

    private readonly ICatalogVersionSource[] _versionSources = versionSources.ToArray();

    private readonly MemoryCache _cache = new(new MemoryCacheOptions
    {
        SizeLimit = options.Value.VectorCacheMegabytes * 1024L * 1024L,
    });

    private sealed record Entry(string Version, TenantVectors Vectors);

    /// <summary>The tenant's vectors of <paramref name="model"/> with <paramref name="dimensions"/> dimensions, current as of this call.</summary>
    public async Task<TenantVectors> GetAsync(string tenantId, string model, int dimensions, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(tenantId, cancellationToken);
        var key = $"{tenantId}\n{model}\n{dimensions}";
        if (_cache.TryGetValue<Entry>(key, out var cached) && cached!.Version == version)
        {
            return cached.Vectors;
        }

        var vectors = await LoadAsync(tenantId, model, dimensions, cancellationToken);
        _cache.Set(key, new Entry(version, vectors), new MemoryCacheEntryOptions { Size = vectors.SizeInBytes });
        return vectors;
    }

    private async Task<string> VersionAsync(string tenantId, CancellationToken cancellationToken)
    {
        var versions = await Task.WhenAll(_versionSources.Select(source => source.ReadAsync(tenantId, cancellationToken)));
        return string.Join('\n', versions);
    }

    private async Task<TenantVectors> LoadAsync(string tenantId, string model, int dimensions, CancellationToken cancellationToken)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var product in tables.Products.QueryAsync<ProductEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), select: TitleColumns, cancellationToken: cancellationToken))
        {
            titles[product.RowKey] = product.Title;
        }

        var rows = new List<(string, string, float[])>(titles.Count);
        var skipped = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and Model eq {model} and Dimensions eq {dimensions}");
        await foreach (var embedding in tables.Embeddings.QueryAsync<EmbeddingEntity>(filter, select: EmbeddingColumns, cancellationToken: cancellationToken))
        {
            // A vector whose product row is not written yet (an item still in flight) or whose bytes do not match its dimensions.
            if (!titles.TryGetValue(embedding.RowKey, out var title) || embedding.Vector.Length != dimensions * sizeof(float))
            {
                skipped++;
                continue;
            }

            rows.Add((embedding.RowKey, title, embedding.Unpack()));
        }

        logger.LogInformation("Loaded {Count} product vectors ({Model}, {Dimensions} dimensions) of tenant {TenantId}; {Skipped} skipped",
            rows.Count, model, dimensions, tenantId, skipped);
        return new TenantVectors(dimensions, rows);
    }

    public void Dispose() => _cache.Dispose();
}
