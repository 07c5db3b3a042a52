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
/// the embedding deployment's now, <see cref="NightlyOptions.EmbedBatchSize"/> calls at a time, each through the AI gateway
/// (pay-once cache, budget, ledger). A product that fails is counted and logged and keeps its old vector; the run goes on.
/// </summary>
public sealed class RefreshEmbeddingsActivity(
    CatalogTables tables,
    ProductBlobs blobs,
    IAiGateway ai,
    DeploymentRouter router,
    IOptions<NightlyOptions> options,
    ILogger<RefreshEmbeddingsActivity> logger) : IActivity<NightlyRunInput, EmbeddingRefreshResult>
{
    public static string Name => "RefreshEmbeddings";

    public async Task<EmbeddingRefreshResult> RunAsync(NightlyRunInput input, CancellationToken cancellationToken)
    {
        var tenantId = input.TenantId;
        var model = router.Chain(AiTask.Embedding, "Embedding")[0].Options.Model;
        var embeddings = new Dictionary<string, EmbeddingEntity>(StringComparer.Ordinal);
        await foreach (var row in tables.Embeddings.QueryAsync<EmbeddingEntity>(e => e.PartitionKey == tenantId,
                           select: ["RowKey", "Model", "ContentHash"], cancellationToken: cancellationToken))
        {
            embeddings[row.RowKey] = row;
        }

        var products = new List<ProductEntity>();
        await foreach (var row in tables.Products.QueryAsync<ProductEntity>(e => e.PartitionKey == tenantId, cancellationToken: cancellationToken))
        {
            products.Add(row);
        }

        int reembedded = 0, failed = 0;
        long tokens = 0, micros = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.EmbedBatchSize, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(products, parallel, async (product, token) =>
        {
            var json = await blobs.ReadAsync(product.ContentBlob, token);
            if (json is null)
            {
                logger.LogWarning("Nightly run {RunDate} of tenant {TenantId}: product {ProductId} has no content blob; not re-embedded",
                    input.RunDate, tenantId, product.RowKey);
                Interlocked.Increment(ref failed);
                return;
            }

            var text = ProductEmbeddingText.Of(product.JobKind, product.Title, json);
            var hash = ProductEmbeddingText.Hash(text);
            if (embeddings.TryGetValue(product.RowKey, out var stored) && stored.ContentHash == hash && stored.Model == model)
            {
                return;
            }

            try
            {
                var result = await ai.EmbedAsync(new AiCallContext(tenantId, $"nightly-{input.RunDate}", product.RowKey, JobPriority.Low), text, token);
                await tables.Embeddings.UpsertEntityAsync(new EmbeddingEntity
                {
                    PartitionKey = tenantId,
                    RowKey = product.RowKey,
                    Model = result.Usage.Model,
                    Deployment = result.Usage.Deployment,
                    Dimensions = result.Value.Length,
                    ContentHash = hash,
                    Vector = EmbeddingEntity.Pack(result.Value),
                }, cancellationToken: token);
                Interlocked.Increment(ref reembedded);
                Interlocked.Add(ref tokens, result.Usage.InputTokens);
                Interlocked.Add(ref micros, Money.ToMicros(result.Usage.CostUsd));
            }
            catch (ClassifiedException ex)
            {
                logger.LogWarning(ex, "Nightly run {RunDate} of tenant {TenantId}: re-embedding product {ProductId} failed with {ErrorClass}",
                    input.RunDate, tenantId, product.RowKey, ex.ErrorClass);
                Interlocked.Increment(ref failed);
            }
        });

        return new EmbeddingRefreshResult(products.Count, reembedded, failed, tokens, micros);
    }
}
