using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence.Alerts;
using CatalogForge.Core.Intelligence.Drift;
using CatalogForge.Core.Intelligence.Duplicates;
using CatalogForge.Core.Intelligence.Risk;
using CatalogForge.Core.Intelligence.Similarity;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Perception;
using CatalogForge.Core.Products;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>
/// Loads the tenant's products and vectors once, computes every product's similar products and the near-duplicate
/// pairs in one pass (<see cref="AllPairsSimilarity"/>), clusters them, compares the catalog with the previous snapshot
/// (drift), scores the risk, evaluates the alert rules, and writes the whole snapshot: its blobs, then its row. Nothing
/// here moves the <c>current</c> pointer. Perception figures come from the snapshot's <c>perception.json</c>, which
/// <see cref="ProbePerceptionActivity"/> wrote; without it the risk's perception terms are marked absent and
/// <see cref="NightlyInsights.Perception"/> is null.
/// </summary>
public sealed class ComputeSnapshotActivity(
    CatalogTables tables,
    ProductBlobs blobs,
    NightlySnapshotStore store,
    IOptions<NightlyOptions> options,
    TimeProvider time) : IActivity<ComputeSnapshotInput, SnapshotCounts>
{
    /// <summary>Products of enriched rows are grouped by the first level of their category path; generated products by this.</summary>
    public const string GeneratedCategory = ProductFactsReader.GeneratedCategory;

    public static string Name => "ComputeSnapshot";

    /// <summary>Content blobs read at once: the step's time is mostly waiting on these reads.</summary>
    private const int ReadsInFlight = 16;

    public async Task<SnapshotCounts> RunAsync(ComputeSnapshotInput input, CancellationToken cancellationToken)
    {
        var (tenantId, snapshotId) = (input.Run.TenantId, input.Plan.SnapshotId);
        var settings = options.Value;
        var (vectors, hashes, known) = await LoadEmbeddingsAsync(tenantId, cancellationToken);
        var products = await LoadFactsAsync(tenantId, hashes, known, cancellationToken);

        // Vectors of the dimension most products have (one embedding model); others wait for their re-embedding.
        var ids = products.Keys.Order(StringComparer.Ordinal).ToList();
        var dimensions = vectors.Values.GroupBy(v => v.Length).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        var rows = ids.Where(id => vectors.TryGetValue(id, out var v) && v.Length == dimensions).ToList();
        var unit = UnitVectors.Normalize(rows.Select(id => (ReadOnlyMemory<float>)vectors[id]).ToList(), Math.Max(1, dimensions));
        var similarity = AllPairsSimilarity.Compute(unit, settings.SimilarTopK, (float)settings.NearDuplicateThreshold,
            settings.MaxNearDuplicatePairs, cancellationToken);
        var clusters = DuplicateClustering.Group(rows, similarity.Pairs);
        var centroids = CategoryCentroids.Compute(unit, rows.Select(id => products[id].Category).ToList());

        var previous = input.Plan.PreviousSnapshotId is { } previousId
            ? await store.ReadAsync<StoredCatalogState>(tenantId, previousId, NightlySnapshotStore.State, cancellationToken)
            : null;
        var state = new StoredCatalogState(products, centroids, clusters);
        var drift = CatalogDrift.Compute(previous?.ToState(), state.ToState());
        var perception = BrandPerceptionMapper.Map(
            await store.ReadAsync<PerceptionReport>(tenantId, snapshotId, NightlySnapshotStore.Perception, cancellationToken));
        var risk = RiskScore.Compute(drift, perception);
        var alerts = AlertRules.Evaluate(settings.Alerts, drift, risk, perception);

        var similar = rows.Select((id, row) => new SimilarProducts(id,
            similarity.Neighbors[row].Select(n => new SimilarProduct(rows[n.Index], n.Score)).ToList())).ToList();
        await store.WriteAsync(tenantId, snapshotId, NightlySnapshotStore.Similar, similar, cancellationToken);
        await store.WriteAsync(tenantId, snapshotId, NightlySnapshotStore.Duplicates, clusters, cancellationToken);
        await store.WriteAsync(tenantId, snapshotId, NightlySnapshotStore.State, state, cancellationToken);
        await store.WriteAsync(tenantId, snapshotId, NightlySnapshotStore.Insights,
            new NightlyInsights(snapshotId, input.Plan.PreviousSnapshotId, time.GetUtcNow(), drift, perception, risk, alerts, similarity.PairsTruncated),
            cancellationToken);
        await store.Snapshots.UpsertEntityAsync(new NightlySnapshotEntity
        {
            PartitionKey = tenantId,
            RowKey = snapshotId,
            SnapshotId = snapshotId,
            PublishedAt = time.GetUtcNow(),
        }, cancellationToken: cancellationToken);

        return new SnapshotCounts(products.Count, rows.Count - unit.UnusableCount, similarity.Pairs.Count, clusters.Count,
            drift.NewClusters.Count, risk.Score, alerts.Count);
    }

    /// <summary>
    /// Every product's content hash, category and price hint: as its embedding row has them (the embedding step just
    /// checked them against the blob), else read from its content blob (the hash is the embedding's, or the blob's own
    /// for a product without an embedding).
    /// </summary>
    private async Task<Dictionary<string, ProductFacts>> LoadFactsAsync(
        string tenantId, Dictionary<string, string> embeddingHashes, Dictionary<string, ProductFacts> known, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<string, ProductFacts>(StringComparer.Ordinal);
        var products = tables.Products.QueryAsync<ProductEntity>(e => e.PartitionKey == tenantId,
            select: ["RowKey", "Kind", "ContentBlob"], cancellationToken: cancellationToken);
        await Parallel.ForEachAsync(products, new ParallelOptions { MaxDegreeOfParallelism = ReadsInFlight, CancellationToken = cancellationToken },
            async (product, token) =>
            {
                if (!known.TryGetValue(product.RowKey, out var fact))
                {
                    var json = await blobs.ReadAsync(product.ContentBlob, token)
                        ?? throw new ClassifiedException(ErrorClass.Storage, $"The content blob of product {product.RowKey} is missing.");
                    fact = ProductFactsReader.Of(product.JobKind, json,
                        embeddingHashes.GetValueOrDefault(product.RowKey) ?? ProductEmbeddingText.Hash(json.ToString()));
                }

                lock (facts)
                {
                    facts[product.RowKey] = fact;
                }
            });

        return facts;
    }

    /// <summary>
    /// The tenant's vectors, their content hashes, and the drift facts of the products whose embedding row has them, in
    /// one pass over its <c>Embeddings</c> partition.
    /// </summary>
    private async Task<(Dictionary<string, float[]> Vectors, Dictionary<string, string> Hashes, Dictionary<string, ProductFacts> Facts)> LoadEmbeddingsAsync(
        string tenantId, CancellationToken cancellationToken)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        var facts = new Dictionary<string, ProductFacts>(StringComparer.Ordinal);
        await foreach (var row in tables.Embeddings.QueryAsync<EmbeddingEntity>(e => e.PartitionKey == tenantId,
                           select: ["RowKey", "ContentHash", "Vector", "Facts"], cancellationToken: cancellationToken))
        {
            vectors[row.RowKey] = row.Unpack();
            hashes[row.RowKey] = row.ContentHash;
            if (ProductFactsReader.FromJson(row.Facts) is { } stored)
            {
                facts[row.RowKey] = stored with { ContentHash = row.ContentHash };
            }
        }

        return (vectors, hashes, facts);
    }
}
