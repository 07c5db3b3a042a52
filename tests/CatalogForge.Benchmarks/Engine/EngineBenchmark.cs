using System.Diagnostics;
using System.Text.Json.Nodes;
using CatalogForge.AiEmulator;
using CatalogForge.Benchmarks.Hosting;
using CatalogForge.Benchmarks.Pipeline;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Hosting;

namespace CatalogForge.Benchmarks.Engine;

/// <param name="SmallItems">The "1k" job (1,000 in the real run).</param>
/// <param name="LargeItems">The "10k" job (10,000 in the real run).</param>
/// <param name="Workers">Worker hosts on one task hub (each its own DI container and TaskHubWorker, all in this process).</param>
public sealed record EngineBenchmarkOptions(
    int SmallItems = 1000, int LargeItems = 10_000, IReadOnlyDictionary<string, string?>? Settings = null, int Workers = 1)
{
    public const int WarmUpItems = 50;
}

/// <summary>
/// Zero-latency activities through the Server's engine (the Durable Task Framework on Azurite): <see cref="NoOpJobWorkflow"/> (the ProductJob shape,
/// chunking and windows taken from the <c>Jobs</c> defaults) over a small and a large job, one after the other, with a
/// memory sampler running during each. activities/s is measured on the large job.
/// </summary>
public static class EngineBenchmark
{
    public static async Task<JsonObject> RunAsync(string storageConnectionString, EngineBenchmarkOptions options, CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorHost.StartAsync(LatencyProfile.Zero.ToEmulatorOptions(), 0, cancellationToken);
        var taskHub = $"benchengine{Guid.NewGuid():N}"[..24];
        var hosts = new List<IHost>();
        try
        {
            for (var worker = 0; worker < options.Workers; worker++)
            {
                var settings = new Dictionary<string, string?>(options.Settings ?? new Dictionary<string, string?>())
                {
                    ["DurableTask:TaskHub"] = taskHub,
                    ["DurableTask:WorkerId"] = $"bench-worker-{worker}",
                };
                hosts.Add(await CoreHost.StartAsync(storageConnectionString, emulator.BaseUri, settings, builder =>
                    builder.Services.AddOrchestrations(catalog => catalog
                        .AddWorkflow<NoOpJobWorkflow, NoOpJob, int>()
                        .AddWorkflow<NoOpChunkWorkflow, NoOpChunk, int>()
                        .AddActivity<NoOpActivity, int, int>()), cancellationToken));
            }

            var engine = hosts[0].Get<IWorkflowClient>();
            await RunJobAsync(engine, EngineBenchmarkOptions.WarmUpItems, cancellationToken);
            var small = await RunJobAsync(engine, options.SmallItems, cancellationToken);
            var large = await RunJobAsync(engine, options.LargeItems, cancellationToken);
            return new JsonObject
            {
                ["workers"] = options.Workers,
                ["activities_per_s"] = BenchmarkOutput.Round(large.ActivitiesPerSecond),
                ["peak_mb_1k"] = BenchmarkOutput.Round(small.PeakWorkingSetMb),
                ["peak_mb_10k"] = BenchmarkOutput.Round(large.PeakWorkingSetMb),
            };
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }
    }

    private sealed record JobRun(int Items, double WallSeconds, double PeakWorkingSetMb, double PeakGcHeapMb)
    {
        public double ActivitiesPerSecond => Items * NoOpJobWorkflow.ActivitiesPerItem / WallSeconds;
    }

    private static async Task<JobRun> RunJobAsync(IWorkflowClient engine, int items, CancellationToken cancellationToken)
    {
        // Each job starts from a collected heap so its peak is its own, not the previous job's garbage.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var defaults = new JobLimits();
        var job = new NoOpJob(items, defaults.ChunkSize, defaults.ChunkWindow, defaults.ItemWindowPerChunk);
        var instanceId = $"bench-engine-{items}-{Guid.NewGuid():N}";
        Progress.Say($"engine: {items} items × {NoOpJobWorkflow.ActivitiesPerItem} activities ({instanceId})");

        double wall;
        WorkflowInstanceInfo done;
        var sampler = new MemorySampler(TimeSpan.FromMilliseconds(50));
        await using (sampler)
        {
            var clock = Stopwatch.StartNew();
            await engine.StartAsync(NoOpJobWorkflow.Name, instanceId, job, cancellationToken);
            done = await engine.WaitForCompletionAsync(instanceId, TimeSpan.FromHours(1), cancellationToken);
            wall = clock.Elapsed.TotalSeconds;
        }

        var output = done.Status == WorkflowStatus.Completed ? done.GetOutput<int>() : -1;
        if (output != items)
        {
            throw new InvalidOperationException(
                $"Engine job {instanceId} ended {done.Status} with {output} of {items} items done: {done.Error}");
        }

        var run = new JobRun(items, wall, sampler.PeakWorkingSetMb, sampler.PeakGcHeapMb);
        Progress.Say($"engine: {items} items in {wall:F1} s = {run.ActivitiesPerSecond:F0} activities/s; " +
            $"peak working set {run.PeakWorkingSetMb:F0} MB, peak GC heap {run.PeakGcHeapMb:F0} MB");
        return run;
    }
}
