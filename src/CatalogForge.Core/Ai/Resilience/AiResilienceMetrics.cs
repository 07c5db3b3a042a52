using System.Collections.Concurrent;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>Counts of what the resilience pipelines did, per deployment. Thread-safe.</summary>
public sealed class AiResilienceMetrics
{
    private readonly ConcurrentDictionary<string, Counters> _byDeployment = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Retries scheduled (attempts after the first).</summary>
    public long Retries(string deployment) => Get(deployment).Retries;

    /// <summary>429 responses (rate limited) seen, whether or not they were retried.</summary>
    public long RateLimited(string deployment) => Get(deployment).RateLimited;

    public long TotalRetries => _byDeployment.Values.Sum(c => Interlocked.Read(ref c.RetryCount));

    public long TotalRateLimited => _byDeployment.Values.Sum(c => Interlocked.Read(ref c.RateLimitedCount));

    /// <summary>A copy of every deployment's counts.</summary>
    public IReadOnlyDictionary<string, AiResilienceCounts> Snapshot() =>
        _byDeployment.ToDictionary(
            pair => pair.Key,
            pair => new AiResilienceCounts(Interlocked.Read(ref pair.Value.RetryCount), Interlocked.Read(ref pair.Value.RateLimitedCount)),
            StringComparer.OrdinalIgnoreCase);

    internal void RecordRetry(string deployment)
    {
        Interlocked.Increment(ref For(deployment).RetryCount);
        Telemetry.CatalogForgeMetrics.Retry(deployment);
    }

    internal void RecordRateLimited(string deployment)
    {
        Interlocked.Increment(ref For(deployment).RateLimitedCount);
        Telemetry.CatalogForgeMetrics.RateLimitedResponse(deployment);
    }

    private AiResilienceCounts Get(string deployment) =>
        _byDeployment.TryGetValue(deployment, out var counters)
            ? new AiResilienceCounts(Interlocked.Read(ref counters.RetryCount), Interlocked.Read(ref counters.RateLimitedCount))
            : new AiResilienceCounts(0, 0);

    private Counters For(string deployment) => _byDeployment.GetOrAdd(deployment, static _ => new Counters());

    private sealed class Counters
    {
        public long RetryCount;
        public long RateLimitedCount;
    }
}

public sealed record AiResilienceCounts(long Retries, long RateLimited);
