using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.AI;

namespace CatalogForge.Core.Ai;

/// <summary>Embeddings: one text per call, or many texts in one request, each text paid for once.</summary>
public sealed partial class AiGateway
{
    /// <summary>The most inputs one embeddings request may carry (the OpenAI and Azure OpenAI limit).</summary>
    public const int MaxEmbeddingInputs = 2048;

    public Task<AiResult<float[]>> EmbedAsync(AiCallContext context, string text, CancellationToken cancellationToken)
    {
        var chain = EmbeddingChain();
        return CachedAsync(context, AiTask.Embedding, chain, AiCacheKey.ForEmbedding(chain[0], text),
            () => CallChainAsync(context, AiTask.Embedding, chain,
                deployment => CostEstimator.EstimateEmbedding(deployment.Options, text),
                deployment => TokenCharge(ModelTokens.Count(deployment.Options.Model, text), 0),
                async (deployment, token) => await (await clients.EmbeddingsAsync(deployment.Name, token)).GenerateAsync([text],
                    new EmbeddingGenerationOptions { Dimensions = deployment.Options.Dimensions }, token),
                (deployment, embeddings) => TokenUsage(deployment, embeddings.Usage?.InputTokenCount, 0),
                (deployment, embeddings) => CheckedVectors(deployment, embeddings, 1)[0],
                cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Each text's cache entry is looked up first (same key as <see cref="EmbedAsync"/>); the texts not cached (each
    /// distinct text once) go in one request through the same chain, budget, limiter and resilience as a single call,
    /// and each result is cached under its own key with its share of the request's tokens. The ledger gets one row for
    /// the request and, when some texts were cached, one cache-hit row for those.
    /// </summary>
    public async Task<IReadOnlyList<AiResult<float[]>>> EmbedBatchAsync(
        AiCallContext context, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(texts.Count, MaxEmbeddingInputs, nameof(texts));
        if (texts.Count == 0)
        {
            return [];
        }

        var chain = EmbeddingChain();
        var keys = texts.Select(text => AiCacheKey.ForEmbedding(chain[0], text)).ToArray();
        var firstIndexOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            firstIndexOfKey.TryAdd(keys[i], i);
        }

        var lookups = await Task.WhenAll(firstIndexOfKey.Select(async entry =>
            (entry.Key, Index: entry.Value, Hit: await cache.TryGetAsync<float[]>(context.TenantId, entry.Key, cancellationToken))));
        var found = new Dictionary<string, AiResult<float[]>>(StringComparer.Ordinal);
        foreach (var (key, _, hit) in lookups.Where(lookup => lookup.Hit is not null))
        {
            found[key] = new AiResult<float[]>(hit!.Value, hit.HitUsage);
        }

        if (found.Count > 0)
        {
            var hits = found.Values.Select(result => result.Usage).ToList();
            await ledger.RecordAsync(context, AiTask.Embedding, chain[0], hits[0] with
            {
                InputTokens = hits.Sum(usage => usage.InputTokens),
                OutputTokens = 0,
            }, AiCallTrace.CacheHit, cancellationToken);
        }

        var missing = lookups.Where(lookup => lookup.Hit is null).OrderBy(lookup => lookup.Index).ToList();
        if (missing.Count > 0)
        {
            var missingTexts = missing.Select(lookup => texts[lookup.Index]).ToList();
            var (vectors, usage) = await CallChainAsync(context, AiTask.Embedding, chain,
                deployment => missingTexts.Sum(text => CostEstimator.EstimateEmbedding(deployment.Options, text)),
                deployment => TokenCharge(missingTexts.Sum(text => (long)ModelTokens.Count(deployment.Options.Model, text)), 0),
                async (deployment, token) => await (await clients.EmbeddingsAsync(deployment.Name, token)).GenerateAsync(missingTexts,
                    new EmbeddingGenerationOptions { Dimensions = deployment.Options.Dimensions }, token),
                (deployment, embeddings) => TokenUsage(deployment, embeddings.Usage?.InputTokenCount, 0),
                (deployment, embeddings) => CheckedVectors(deployment, embeddings, missingTexts.Count),
                cancellationToken);

            var shares = TokenShares.Split(usage.InputTokens, missingTexts.Select(text => ModelTokens.Count(usage.Model, text)).ToList());
            var deploymentOptions = chain.First(d => string.Equals(d.Name, usage.Deployment, StringComparison.OrdinalIgnoreCase)).Options;
            var paid = missing.Select((lookup, i) => (lookup.Key, Result: new AiResult<float[]>(vectors[i], usage with
            {
                InputTokens = shares[i],
                CostUsd = Money.TokenCost(shares[i], 0, deploymentOptions),
            }))).ToList();
            await Task.WhenAll(paid.Select(entry =>
                cache.StoreAsync(context.TenantId, entry.Key, entry.Result.Value, entry.Result.Usage, cancellationToken)));
            foreach (var (key, result) in paid)
            {
                found[key] = result;
            }
        }

        // A text given twice was sent once: the second copy shares the first one's vector and is counted as a cache hit.
        return keys.Select((key, i) => firstIndexOfKey[key] == i || found[key].Usage.CacheHit
                ? found[key]
                : found[key] with { Usage = found[key].Usage with { CostUsd = 0m, CacheHit = true } })
            .ToList();
    }

    /// <summary>Vectors of different models or lengths are not comparable: only identical embedding deployments back each other up.</summary>
    private List<RoutedDeployment> EmbeddingChain()
    {
        var all = router.Chain(AiTask.Embedding, "Embedding");
        return all.Where(d => d.Options.Model == all[0].Options.Model && d.Options.Dimensions == all[0].Options.Dimensions).ToList();
    }

    /// <summary>One vector per input, in input order (the order the SDK returns them in), each of the deployment's length.</summary>
    private static float[][] CheckedVectors(RoutedDeployment deployment, GeneratedEmbeddings<Embedding<float>> embeddings, int inputs)
    {
        if (embeddings.Count != inputs)
        {
            throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name, $"Expected {inputs} embeddings, got {embeddings.Count}.");
        }

        return embeddings.Select(embedding => embedding.Vector.Length == deployment.Options.Dimensions
                ? embedding.Vector.ToArray()
                : throw new AiCallException(ErrorClass.InvalidOutput, deployment.Name,
                    $"Expected {deployment.Options.Dimensions} dimensions, got {embedding.Vector.Length}."))
            .ToArray();
    }
}
