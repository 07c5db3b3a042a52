using CatalogForge.Benchmarks.Pipeline;
using CatalogForge.Testing;

namespace CatalogForge.Benchmarks.Tests;

/// <summary>The pipeline benchmark at smoke size: every strategy finishes every item and the JSON has the issue's shape. No speed is asserted.</summary>
public sealed class PipelineSmokeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Pipeline_smoke_run_succeeds_for_every_strategy_and_prints_the_issue_fields()
    {
        const int items = 4;
        var result = await PipelineBenchmark.RunAsync(azurite.ConnectionString,
            new PipelineBenchmarkOptions(items, LatencyProfile.Smoke), TestContext.Current.CancellationToken);

        var json = await JsonShape.RoundTripAsync("pipeline", result);
        JsonShape.HasExactly(json, "n", "sequential", "pool5", "engine", "lower_bound_s", "ratio_to_bound", "speedup_vs_pool5");
        Assert.Equal(items, json["n"]!.GetValue<int>());
        foreach (var strategy in PipelineBenchmarkOptions.AllStrategies)
        {
            var run = json[strategy]!.AsObject();
            JsonShape.HasExactly(run, "wall_s", "items_per_s", "http_429", "retries", "failed");
            Assert.Equal(0, run["failed"]!.GetValue<int>());
            Assert.True(run["wall_s"]!.GetValue<double>() > 0);
            Assert.True(run["items_per_s"]!.GetValue<double>() > 0);
            Assert.Equal(0, run["http_429"]!.GetValue<long>());
        }

        Assert.Equal(LatencyProfile.Smoke.LowerBoundSeconds(items), json["lower_bound_s"]!.GetValue<double>(), 3);
    }
}
