using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ai;

public sealed record RoutedDeployment(string Name, AiDeploymentOptions Options);

/// <summary>Picks the cheapest deployment of the tier a workload needs (Ai:Tiers), falling back to any deployment of the task.</summary>
public sealed class DeploymentRouter(IOptions<AiOptions> options)
{
    public RoutedDeployment Pick(AiTask task, string workload)
    {
        var ai = options.Value;
        var tier = ai.Tiers.GetValueOrDefault(workload, "standard");
        var candidates = ai.Deployments.Where(d => d.Value.Task == task).ToList();
        var inTier = candidates.Where(d => string.Equals(d.Value.Tier, tier, StringComparison.OrdinalIgnoreCase)).ToList();
        var pick = (inTier.Count > 0 ? inTier : candidates)
            .OrderBy(d => d.Value.InputPerMillion + d.Value.OutputPerMillion + d.Value.PerImage)
            .ThenBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new RoutedDeployment(d.Key, d.Value))
            .FirstOrDefault();
        return pick ?? throw new InvalidOperationException($"No deployment is configured for task {task}.");
    }
}
