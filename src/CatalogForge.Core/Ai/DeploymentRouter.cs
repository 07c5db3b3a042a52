using CatalogForge.Core.Ai.Resilience;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ai;

public sealed record RoutedDeployment(string Name, AiDeploymentOptions Options);

/// <summary>
/// Orders the deployments that can serve a workload: the cheapest of the tier it needs (Ai:Tiers) first, then the
/// rest of that tier, then the other deployments of the task, cheapest first — the fallback chain. With
/// <see cref="RetryPolicyOptions.MaxFallbackCostMultiplier"/> set, a fallback that costs more than that multiple of
/// the first choice is left out of the chain: the call fails rather than run up a bill nobody agreed to.
/// </summary>
public sealed class DeploymentRouter(IOptions<AiOptions> options, IOptions<RetryPolicyOptions> retry)
{
    public IReadOnlyList<RoutedDeployment> Chain(AiTask task, string workload)
    {
        var ai = options.Value;
        var tier = ai.Tiers.GetValueOrDefault(workload, "standard");
        var chain = ai.Deployments
            .Where(d => d.Value.Task == task)
            .OrderBy(d => string.Equals(d.Value.Tier, tier, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(d => UnitPrice(d.Value))
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new RoutedDeployment(d.Key, d.Value))
            .ToList();
        if (chain.Count == 0)
        {
            throw new InvalidOperationException($"No deployment is configured for task {task}.");
        }

        if (retry.Value.MaxFallbackCostMultiplier is { } multiplier)
        {
            var ceiling = UnitPrice(chain[0].Options) * multiplier;
            chain = [chain[0], .. chain.Skip(1).Where(d => UnitPrice(d.Options) <= ceiling)];
        }

        return chain;
    }

    /// <summary>What the router compares: token prices per million, plus the price of one image for image models.</summary>
    private static decimal UnitPrice(AiDeploymentOptions deployment) =>
        deployment.InputPerMillion + deployment.OutputPerMillion + (deployment.Task == AiTask.Image ? deployment.ImagePrice() : 0);
}
