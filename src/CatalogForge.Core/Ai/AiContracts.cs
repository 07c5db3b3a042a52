using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ai;

/// <summary>
/// Who a model call is for: every call is attributed to a tenant (and a job item when there is one). The tenant and
/// <paramref name="Priority"/> (the job's) order the call among those waiting at a rate-limited deployment.
/// </summary>
public sealed record AiCallContext(string TenantId, string? JobId = null, string? ItemKey = null, JobPriority Priority = JobPriority.Normal);

public sealed record AiUsage(
    string Deployment,
    string Model,
    long InputTokens,
    long OutputTokens,
    int Images,
    decimal CostUsd,
    bool CacheHit);

public sealed record AiResult<T>(T Value, AiUsage Usage, bool Degraded = false);

/// <summary>The one place every model call goes through.</summary>
public interface IAiGateway
{
    /// <summary>Schema-constrained JSON output deserialised into <typeparamref name="T"/>. <paramref name="workload"/> picks the tier (see Ai:Tiers).</summary>
    Task<AiResult<T>> GenerateJsonAsync<T>(AiCallContext context, string workload, string systemPrompt, string userPrompt, CancellationToken cancellationToken);

    /// <summary>
    /// JSON output constrained by <paramref name="schema"/>, a schema built at run time; the parsed document is returned
    /// for the caller to check. <paramref name="schemaName"/> names the schema to the provider (letters, digits, _ and -).
    /// </summary>
    Task<AiResult<System.Text.Json.JsonElement>> GenerateJsonAsync(AiCallContext context, string workload, string systemPrompt,
        string userPrompt, System.Text.Json.JsonElement schema, string schemaName, CancellationToken cancellationToken);

    Task<AiResult<float[]>> EmbedAsync(AiCallContext context, string text, CancellationToken cancellationToken);

    /// <summary>
    /// One vector per text, in order, from one request for the texts not already cached (at most 2,048 texts). The whole
    /// batch succeeds or fails as one call; each result carries its text's share of the request's usage.
    /// </summary>
    Task<IReadOnlyList<AiResult<float[]>>> EmbedBatchAsync(AiCallContext context, IReadOnlyList<string> texts, CancellationToken cancellationToken);

    Task<AiResult<byte[]>> GenerateImageAsync(AiCallContext context, string prompt, CancellationToken cancellationToken);
}
