using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ai;

public sealed record RoutedDeployment(string Name, AiDeploymentOptions Options);

/// <summary>
/// Orders the deployments that can serve a workload: the cheapest of the tier it needs (Ai:Tiers) first, then the
/// rest of that tier, then the other deployments of the task, cheapest first — the fallback chain.
/// </summary>
public sealed class DeploymentRouter(IOptions<AiOptions> options)
{
    public IReadOnlyList<RoutedDeployment> Chain(AiTask task, string workload)
    {
        var ai = options.Value;
        var tier = ai.Tiers.GetValueOrDefault(workload, "standard");
        var chain = ai.Deployments
            .Where(d => d.Value.Task == task)
            .OrderBy(d => string.Equals(d.Value.Tier, tier, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(d => d.Value.InputPerMillion + d.Value.OutputPerMillion + (d.Value.Task == AiTask.Image ? d.Value.ImagePrice() : 0))
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new RoutedDeployment(d.Key, d.Value))
            .ToList();
        return chain.Count > 0 ? chain : throw new InvalidOperationException($"No deployment is configured for task {task}.");
    }
}
