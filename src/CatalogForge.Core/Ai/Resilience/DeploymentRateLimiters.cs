using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>The client-side limiter of each deployment that configures one, built on first use and shared by its pipeline and its SDK client.</summary>
public sealed class DeploymentRateLimiters(IOptions<AiOptions> options, TimeProvider? timeProvider = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DeploymentRateLimiter?>> _limiters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The deployment's limiter; null when it sets no RequestsPerMinute or TokensPerMinute, or is not configured.</summary>
    public DeploymentRateLimiter? For(string deploymentName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentName);
        return _limiters.GetOrAdd(deploymentName, name => new Lazy<DeploymentRateLimiter?>(() => Create(name))).Value;
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values.Where(l => l.IsValueCreated))
        {
            limiter.Value?.Dispose();
        }
    }

    private DeploymentRateLimiter? Create(string deploymentName)
    {
        if (!options.Value.Deployments.TryGetValue(deploymentName, out var deployment) || DeploymentRateLimits.From(deployment) is not { } limits)
        {
            return null;
        }

        return new DeploymentRateLimiter(limits, timeProvider);
    }
}
