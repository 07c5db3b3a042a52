using CatalogForge.Benchmarks.Engine;
using CatalogForge.Testing;

namespace CatalogForge.Benchmarks.Tests;

/// <summary>The engine benchmark at smoke size, on one worker and on two sharing the task hub: both jobs complete (it throws otherwise) and the JSON has the issue's shape.</summary>
public sealed class EngineSmokeTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Engine_smoke_run_completes_both_jobs_and_prints_the_issue_fields(int workers)
    {
        var result = await EngineBenchmark.RunAsync(azurite.ConnectionString,
            new EngineBenchmarkOptions(SmallItems: 30, LargeItems: 60, Workers: workers), TestContext.Current.CancellationToken);

        var json = await JsonShape.RoundTripAsync("engine", result);
        JsonShape.HasExactly(json, "workers", "activities_per_s", "peak_mb_1k", "peak_mb_10k");
        Assert.Equal(workers, json["workers"]!.GetValue<int>());
        Assert.True(json["activities_per_s"]!.GetValue<double>() > 0);
        Assert.True(json["peak_mb_1k"]!.GetValue<double>() > 0);
        Assert.True(json["peak_mb_10k"]!.GetValue<double>() > 0);
    }
}
