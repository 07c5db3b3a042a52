using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ai;

/// <summary>What resilience cost one logical model call, as written to its usage ledger row.</summary>
public sealed record AiCallTrace(int Attempts, int Retries, int RateLimited, string? FallbackFrom)
{
    public static readonly AiCallTrace CacheHit = new(0, 0, 0, null);
}

/// <summary>
/// Counts, for one logical call, every request sent (each retry and each deployment of the fallback chain) and every
/// 429 received. Attempts of one call run one after another, never concurrently.
/// </summary>
internal sealed class AiCallTally
{
    private int _deploymentsCalled;

    public int Attempts { get; private set; }

    public int RateLimited { get; private set; }

    /// <summary>Attempts beyond the first on each deployment that was called.</summary>
    public int Retries => Attempts - _deploymentsCalled;

    /// <summary>Wraps one deployment's call so each attempt the resilience pipeline makes is counted.</summary>
    public Func<CancellationToken, Task<T>> Counting<T>(Func<CancellationToken, Task<T>> attempt)
    {
        _deploymentsCalled++;
        return async token =>
        {
            Attempts++;
            try
            {
                return await attempt(token);
            }
            catch (Exception ex) when (AiErrorClassifier.Classify(ex) == ErrorClass.RateLimited)
            {
                RateLimited++;
                throw;
            }
        };
    }

    public AiCallTrace Trace(IReadOnlyList<RoutedDeployment> chain, string servedBy) =>
        new(Attempts, Retries, RateLimited, string.Equals(servedBy, chain[0].Name, StringComparison.OrdinalIgnoreCase) ? null : chain[0].Name);
}
