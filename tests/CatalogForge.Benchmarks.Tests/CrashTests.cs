using CatalogForge.Benchmarks.Crash;
using CatalogForge.Benchmarks.Pipeline;
using CatalogForge.Testing;

namespace CatalogForge.Benchmarks.Tests;

/// <summary>
/// The crash benchmark, smaller: the built Server as its own process, SIGKILL mid-job, a second Server on the same
/// Azurite finishes the job with one product per item and no model request for a step memoised before the kill.
/// </summary>
public sealed class CrashTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Server_killed_mid_job_restarts_and_completes_without_duplicate_model_calls()
    {
        const int items = 30;
        var result = await CrashBenchmark.RunAsync(azurite.ConnectionString,
            new CrashBenchmarkOptions(items, new LatencyProfile(ChatMs: 600, EmbeddingMs: 20, ImageMs: 300, ChatRequestsPerMinute: 0),
                KillAtFraction: 0.3, LogDirectory: Path.Combine(Path.GetTempPath(), "cf-bench-crash-logs")),
            TestContext.Current.CancellationToken);

        var json = await JsonShape.RoundTripAsync("crash", result);
        JsonShape.HasExactly(json, "items", "products", "duplicate_calls", "completed",
            "repeated_in_flight", "unattributed_requests", "succeeded_at_kill");
        Assert.True(json["completed"]!.GetValue<bool>(), json.ToJsonString());
        Assert.Equal(items, json["items"]!.GetValue<int>());
        Assert.Equal(items, json["products"]!.GetValue<int>());
        Assert.Equal(0, json["duplicate_calls"]!.GetValue<int>());
        // Two items can get identical emulated titles and image prompts; a request that fits both, one memoised and one
        // not, cannot be judged by its preview. That is rare; more than a few would mean the attribution is broken.
        Assert.InRange(json["unattributed_requests"]!.GetValue<int>(), 0, items / 10);
        Assert.InRange(json["succeeded_at_kill"]!.GetValue<int>(), 1, items - 1);
    }
}
