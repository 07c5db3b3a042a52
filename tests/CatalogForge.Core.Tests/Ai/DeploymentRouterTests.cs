using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Resilience;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Tests.Ai;

public sealed class DeploymentRouterTests
{
    private static AiOptions Chats() => new()
    {
        Tiers = new() { ["ProductContent"] = "economy" },
        Deployments = new()
        {
            ["premium"] = new() { Task = AiTask.Chat, Tier = "standard", InputPerMillion = 2.50m, OutputPerMillion = 10m },
            ["mini"] = new() { Task = AiTask.Chat, Tier = "economy", InputPerMillion = 0.15m, OutputPerMillion = 0.60m },
            ["mini-eu"] = new() { Task = AiTask.Chat, Tier = "economy", InputPerMillion = 0.16m, OutputPerMillion = 0.64m },
            ["embed"] = new() { Task = AiTask.Embedding, InputPerMillion = 0.02m },
        },
    };

    private static IReadOnlyList<string> Chain(decimal? multiplier) =>
        new DeploymentRouter(Options.Create(Chats()), Options.Create(new RetryPolicyOptions { MaxFallbackCostMultiplier = multiplier }))
            .Chain(AiTask.Chat, "ProductContent").Select(d => d.Name).ToList();

    [Fact]
    public void Without_a_cost_ceiling_the_chain_runs_from_the_cheapest_of_the_tier_to_every_other_deployment_of_the_task() =>
        Assert.Equal(["mini", "mini-eu", "premium"], Chain(null));

    [Fact]
    public void A_cost_ceiling_leaves_out_fallbacks_dearer_than_that_multiple_of_the_first_choice() =>
        Assert.Equal(["mini", "mini-eu"], Chain(1.5m));

    [Fact]
    public void A_ceiling_of_one_allows_only_fallbacks_that_cost_no_more_than_the_first_choice() =>
        Assert.Equal(["mini"], Chain(1m));
}
