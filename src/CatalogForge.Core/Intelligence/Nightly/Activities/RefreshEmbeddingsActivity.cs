using System.Text.Json;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Products;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>
/// Re-embeds the products whose embedding is missing, was made from other text (content hash) or by another model than
/// the embedding deployment's now: <see cref="NightlyOptions.EmbedBatchSize"/> texts per request, a few requests at a
/// time, each through the AI gateway (pay-once cache per text, budget, ledger). A product whose content cannot be read
/// is counted and logged; a request that fails counts all its products as failed, logged with its error class, and they
/// keep their old vectors; the run goes on.
/// </summary>
public sealed class RefreshEmbeddingsActivity(
    CatalogTables tables,
    ProductBlobs blobs,
    IAiGateway ai,
    DeploymentRouter router,
    IOptions<NightlyOptions> options,
    ILogger<RefreshEmbeddingsActivity> logger) : IActivity<NightlyRunInput, EmbeddingRefreshResult>
{
    /// <summary>Embedding requests in flight at once: enough to hide a request's latency, few enough to share the deployment.</summary>
    public const int RequestsInFlight = 4;

    /// <summary>Content blobs read at once while looking for what changed.</summary>
    private const int ReadsInFlight = 16;

    public static string Name => "RefreshEmbeddings";

    public async Task<EmbeddingRefreshResult> RunAsync(NightlyRunInput input, CancellationToken cancellationToken)
    {
        var tenantId = input.TenantId;
        var model = router.Chain(AiTask.Embedding, "Embedding")[0].Options.Model;
        var stored = new Dictionary<string, EmbeddingEntity>(StringComparer.Ordinal);
        await foreach (var row in tables.Embeddings.QueryAsync<EmbeddingEntity>(e => e.PartitionKey == tenantId,
                           select: ["RowKey", "Model", "ContentHash"], cancellationToken: cancellationToken))
        {
            stored[row.RowKey] = row;
        }

        var products = new List<ProductEntity>();
        await foreach (var row in tables.Products.QueryAsync<ProductEntity>(e => e.PartitionKey == tenantId, cancellationToken: cancellationToken))
        {
            products.Add(row);
        }

        var stale = new List<StaleProduct>();
        var unreadable = 0;
        await Parallel.ForEachAsync(products, new ParallelOptions { MaxDegreeOfParallelism = ReadsInFlight, CancellationToken = cancellationToken },
            async (product, token) =>
            {
                var text = await EmbeddingTextAsync(input, product, token);
                if (text is null)
                {
                    Interlocked.Increment(ref unreadable);
                    return;
                }

                var hash = ProductEmbeddingText.Hash(text);
                if (!stored.TryGetValue(product.RowKey, out var current) || current.ContentHash != hash || current.Model != model)
                {
                    lock (stale)
                    {
                        stale.Add(new StaleProduct(product.RowKey, text, hash));
                    }
                }
            });

        var totals = new BatchTotals();
        var batches = stale.OrderBy(p => p.ProductId, StringComparer.Ordinal).Chunk(options.Value.EmbedBatchSize).Select((batch, index) => (batch, index));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = RequestsInFlight, CancellationToken = cancellationToken },
            async (entry, token) => await EmbedBatchAsync(input, entry.batch, entry.index, totals, token));

        return new EmbeddingRefreshResult(products.Count, totals.Reembedded, unreadable + totals.Failed, totals.InputTokens, totals.CostMicroUsd);
    }

    /// <summary>The product's embedding text, or null (logged) when its content blob is missing or not the content it should be.</summary>
    private async Task<string?> EmbeddingTextAsync(NightlyRunInput input, ProductEntity product, CancellationToken cancellationToken)
    {
        var json = await blobs.ReadAsync(product.ContentBlob, cancellationToken);
        if (json is null)
        {
            logger.LogWarning("Nightly run {RunDate} of tenant {TenantId}: product {ProductId} has no content blob; not re-embedded",
                input.RunDate, input.TenantId, product.RowKey);
            return null;
        }

        try
        {
            return ProductEmbeddingText.Of(product.JobKind, product.Title, json);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Nightly run {RunDate} of tenant {TenantId}: the content blob of product {ProductId} is not valid content; not re-embedded",
                input.RunDate, input.TenantId, product.RowKey);
            return null;
        }
    }

    private async Task EmbedBatchAsync(NightlyRunInput input, StaleProduct[] batch, int index, BatchTotals totals, CancellationToken cancellationToken)
    {
        IReadOnlyList<AiResult<float[]>> results;
        try
        {
            results = await ai.EmbedBatchAsync(
                new AiCallContext(input.TenantId, $"nightly-{input.RunDate}", $"embeddings-{index}", JobPriority.Low),
                batch.Select(p => p.Text).ToList(), cancellationToken);
        }
        catch (ClassifiedException ex)
        {
            logger.LogWarning(ex, "Nightly run {RunDate} of tenant {TenantId}: re-embedding batch {Batch} of {Count} products ({First} … {Last}) failed with {ErrorClass}; they keep their old vectors",
                input.RunDate, input.TenantId, index, batch.Length, batch[0].ProductId, batch[^1].ProductId, ex.ErrorClass);
            totals.Fail(batch.Length);
            return;
        }

        await tables.Embeddings.UpsertAllAsync(batch.Select((product, i) => new EmbeddingEntity
        {
            PartitionKey = input.TenantId,
            RowKey = product.ProductId,
            Model = results[i].Usage.Model,
            Deployment = results[i].Usage.Deployment,
            Dimensions = results[i].Value.Length,
            ContentHash = product.Hash,
            Vector = EmbeddingEntity.Pack(results[i].Value),
        }), cancellationToken);
        totals.Add(batch.Length, results.Sum(r => r.Usage.InputTokens), results.Sum(r => Money.ToMicros(r.Usage.CostUsd)));
    }

    private sealed record StaleProduct(string ProductId, string Text, string Hash);

    private sealed class BatchTotals
    {
        private int _reembedded;
        private int _failed;
        private long _inputTokens;
        private long _costMicroUsd;

        public int Reembedded => _reembedded;

        public int Failed => _failed;

        public long InputTokens => Interlocked.Read(ref _inputTokens);

        public long CostMicroUsd => Interlocked.Read(ref _costMicroUsd);

        public void Fail(int products) => Interlocked.Add(ref _failed, products);

        public void Add(int products, long inputTokens, long costMicroUsd)
        {
            Interlocked.Add(ref _reembedded, products);
            Interlocked.Add(ref _inputTokens, inputTokens);
            Interlocked.Add(ref _costMicroUsd, costMicroUsd);
        }
    }
}
