using System.Text.Json;
using Azure;
using Azure.Data.Tables;
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
/// keep their old vectors; the run goes on. A product's row remembers the ETag of the blob its vector and drift facts
/// (<see cref="ProductFactsReader"/>) were made from, so a product whose blob is unchanged (one listing of the tenant's
/// blobs tells) is not read at all; the first run after the pipeline wrote a row reads it once.
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
                           select: ["RowKey", "Model", "ContentHash", "ContentETag", "Facts"], cancellationToken: cancellationToken))
        {
            stored[row.RowKey] = row;
        }

        var products = new List<ProductEntity>();
        await foreach (var row in tables.Products.QueryAsync<ProductEntity>(e => e.PartitionKey == tenantId,
                           select: ["RowKey", "Kind", "Title", "ContentBlob"], cancellationToken: cancellationToken))
        {
            products.Add(row);
        }

        var etags = await blobs.ListContentETagsAsync(tenantId, cancellationToken);
        var stale = new List<ReadProduct>();
        var unchangedText = new List<ReadProduct>();
        var unreadable = 0;
        await Parallel.ForEachAsync(products, new ParallelOptions { MaxDegreeOfParallelism = ReadsInFlight, CancellationToken = cancellationToken },
            async (product, token) =>
            {
                stored.TryGetValue(product.RowKey, out var current);
                if (IsCurrent(current, model, etags.GetValueOrDefault(product.ContentBlob)))
                {
                    return;
                }

                if (await ReadAsync(input, product, token) is not { } read)
                {
                    Interlocked.Increment(ref unreadable);
                    return;
                }

                var target = current is not null && current.ContentHash == read.Hash && current.Model == model ? unchangedText : stale;
                lock (target)
                {
                    target.Add(read);
                }
            });

        await RememberReadsAsync(tenantId, unchangedText, cancellationToken);
        var totals = new BatchTotals();
        var batches = stale.OrderBy(p => p.ProductId, StringComparer.Ordinal).Chunk(options.Value.EmbedBatchSize).Select((batch, index) => (batch, index));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = RequestsInFlight, CancellationToken = cancellationToken },
            async (entry, token) => await EmbedBatchAsync(input, entry.batch, entry.index, totals, token));

        return new EmbeddingRefreshResult(products.Count, totals.Reembedded, unreadable + totals.Failed, totals.InputTokens, totals.CostMicroUsd);
    }

    /// <summary>
    /// True when the row's vector and facts were made by <paramref name="model"/> from the blob as it is now (its ETag
    /// unchanged) and nothing has changed the row's content hash since: the blob need not be read.
    /// </summary>
    private static bool IsCurrent(EmbeddingEntity? row, string model, string? blobETag) =>
        row is { ContentETag: { } seen } && seen == blobETag && row.Model == model
        && ProductFactsReader.FromJson(row.Facts) is { } facts && facts.ContentHash == row.ContentHash;

    /// <summary>
    /// The product's embedding text, its hash, its drift facts and the ETag of the blob they came from; null (logged)
    /// when its content blob is missing or not the content it should be.
    /// </summary>
    private async Task<ReadProduct?> ReadAsync(NightlyRunInput input, ProductEntity product, CancellationToken cancellationToken)
    {
        if (await blobs.ReadWithETagAsync(product.ContentBlob, cancellationToken) is not var (json, etag))
        {
            logger.LogWarning("Nightly run {RunDate} of tenant {TenantId}: product {ProductId} has no content blob; not re-embedded",
                input.RunDate, input.TenantId, product.RowKey);
            return null;
        }

        try
        {
            var text = ProductEmbeddingText.Of(product.JobKind, product.Title, json);
            var hash = ProductEmbeddingText.Hash(text);
            return new ReadProduct(product.RowKey, text, hash, etag, ProductFactsReader.ToJson(ProductFactsReader.Of(product.JobKind, json, hash)));
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Nightly run {RunDate} of tenant {TenantId}: the content blob of product {ProductId} is not valid content; not re-embedded",
                input.RunDate, input.TenantId, product.RowKey);
            return null;
        }
    }

    /// <summary>Products read whose vector is still right: their rows learn the blob's ETag and facts, so the next run skips the read.</summary>
    private async Task RememberReadsAsync(string tenantId, List<ReadProduct> reads, CancellationToken cancellationToken)
    {
        foreach (var chunk in reads.Chunk(TableBatches.MaxBatchSize))
        {
            await tables.Embeddings.SubmitTransactionAsync(chunk.Select(read => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                new TableEntity(tenantId, read.ProductId)
                {
                    [nameof(EmbeddingEntity.ContentETag)] = read.ETag,
                    [nameof(EmbeddingEntity.Facts)] = read.Facts,
                }, ETag.All)), cancellationToken);
        }
    }

    private async Task EmbedBatchAsync(NightlyRunInput input, ReadProduct[] batch, int index, BatchTotals totals, CancellationToken cancellationToken)
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
            ContentETag = product.ETag,
            Facts = product.Facts,
        }), cancellationToken);
        totals.Add(batch.Length, results.Sum(r => r.Usage.InputTokens), results.Sum(r => Money.ToMicros(r.Usage.CostUsd)));
    }

    private sealed record ReadProduct(string ProductId, string Text, string Hash, string ETag, string Facts);

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
