using System.Diagnostics;
using System.Text.Json.Nodes;
using CatalogForge.AiEmulator;
using CatalogForge.Benchmarks.Engine;
using CatalogForge.Benchmarks.Hosting;
using CatalogForge.Benchmarks.Pipeline;
using CatalogForge.Benchmarks.Similarity;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Activities;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Perception;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Hosting;

namespace CatalogForge.Benchmarks.Nightly;

/// <param name="Products">Products in the tenant's catalog (10,000 in the real run).</param>
/// <param name="Dimensions">Length of the seeded vectors; the embedding deployment is set to it.</param>
public sealed record NightlyBenchmarkOptions(int Products = 10_000, int Dimensions = 1536, IReadOnlyDictionary<string, string?>? Settings = null)
{
    /// <summary>One product in a hundred has an embedding made from other text: the run re-embeds those.</summary>
    public int Stale => Math.Max(1, Products / 100);
}

/// <summary>
/// One tenant's whole nightly run (<see cref="NightlyRunWorkflow"/>) through the Server's engine (the Durable Task
/// Framework on Azurite) in this process, over a catalog seeded straight into storage with its embeddings present
/// (seeding is timed apart), with a brand profile of three probes; two nights in a row: the first reads every content blob
/// once, the following one only what changed (<c>following_night</c>). The AI emulator answers without latency. Wall time is from start to the run's completion;
/// the peak is this process's working set (the engine, the activities and the emulator) while the run lasts; each
/// step's seconds run from when the engine picked up its activity (<see cref="StepClock"/>) to the next one's.
/// </summary>
public static class NightlyBenchmark
{
    private const string EmbeddingModel = "text-embedding-3-small";

    public static async Task<JsonObject> RunAsync(string storageConnectionString, NightlyBenchmarkOptions options, CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorHost.StartAsync(LatencyProfile.Zero.ToEmulatorOptions(), 0, cancellationToken);
        var settings = new Dictionary<string, string?>(options.Settings ?? new Dictionary<string, string?>())
        {
            ["Ai:Deployments:embedding:Dimensions"] = $"{options.Dimensions}",
        };
        var steps = new StepClock();
        using var host = await CoreHost.StartAsync(storageConnectionString, emulator.BaseUri, settings, builder =>
        {
            steps.Time<StartNightlyRunActivity>(builder.Services, "start");
            steps.Time<RefreshEmbeddingsActivity>(builder.Services, "embed");
            steps.Time<ProbePerceptionActivity>(builder.Services, "perception");
            steps.Time<ComputeSnapshotActivity>(builder.Services, "compute");
            steps.Time<RaiseAlertsActivity>(builder.Services, "alerts");
            steps.Time<PublishSnapshotActivity>(builder.Services, "publish");
        }, cancellationToken);
        try
        {
            var tenantId = $"nightlybench-{Guid.NewGuid():N}"[..24];
            var seeder = new NightlyCatalogSeeder(options.Products, options.Dimensions, options.Stale, EmbeddingModel);
            Progress.Say($"nightly: seeding {options.Products} products with {options.Dimensions}-d embeddings ({options.Stale} stale) for {tenantId}");
            var seeding = await seeder.SeedAsync(host.Get<CatalogTables>(), host.Get<ProductBlobs>(), tenantId, cancellationToken);
            Progress.Say($"nightly: seeded in {seeding.TotalSeconds:F1} s");

            // A brand profile, so that the run asks its perception probes of the emulator as a real tenant's would.
            await host.Get<BrandProfileStore>().PutAsync(tenantId, BenchmarkBrandProfile, cancellationToken);
            var today = DateTimeOffset.UtcNow;
            var first = await MeasureRunAsync(host, emulator, steps, tenantId, today, cancellationToken);
            var following = await MeasureRunAsync(host, emulator, steps, tenantId, today.AddDays(1), cancellationToken);
            var result = new JsonObject
            {
                ["products"] = options.Products,
                ["dim"] = options.Dimensions,
                ["seed_seconds"] = BenchmarkOutput.Round(seeding.TotalSeconds),
                ["stale"] = options.Stale,
                ["cores"] = Environment.ProcessorCount,
            };
            foreach (var (key, value) in first)
            {
                result[key] = value?.DeepClone();
            }

            result["following_night"] = following;
            return result;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static readonly BrandProfile BenchmarkBrandProfile = new()
    {
        Brand = "Maple & Quill",
        Competitors = ["Hearth & Loom", "Kindred Goods", "Oak and Ember"],
        Probes =
        [
            "Which online shops sell the best handmade stoneware mugs and kitchen goods?",
            "Where should I buy a thoughtful gift for someone who loves cozy home decor?",
            "Which small brands make the nicest notebooks and desk planners?",
        ],
        Language = "en",
    };

    /// <summary>
    /// One night's run of the tenant: wall time, peak memory, seconds per step and what it did. The first night after
    /// the catalog was written reads every content blob once; a following night reads only those that changed.
    /// </summary>
    private static async Task<JsonObject> MeasureRunAsync(
        IHost host, EmulatorHost emulator, StepClock steps, string tenantId, DateTimeOffset day, CancellationToken cancellationToken)
    {
        // The run starts from a collected heap: its peak is its own, not the seeding's or the last run's garbage.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        steps.Reset();
        var loadBefore = SimilarityBenchmark.LoadAverage();
        var before = emulator.State.Snapshot();
        var workflows = host.Get<IWorkflowClient>();
        double wall;
        long end;
        WorkflowInstanceInfo done;
        var sampler = new MemorySampler(TimeSpan.FromMilliseconds(50));
        await using (sampler)
        {
            var clock = Stopwatch.StartNew();
            var instanceId = await host.Get<NightlyRunner>().StartAsync(tenantId, day, cancellationToken);
            done = await workflows.WaitForCompletionAsync(instanceId, TimeSpan.FromHours(1), cancellationToken);
            wall = clock.Elapsed.TotalSeconds;
            end = Stopwatch.GetTimestamp();
        }

        var summary = done.Status == WorkflowStatus.Completed ? done.GetOutput<NightlyRunSummary>() : null;
        if (summary?.Counts is not { } counts || summary.Status != NightlyRunStatus.Completed)
        {
            throw new InvalidOperationException($"The nightly run of {tenantId} ended {done.Status} ({summary?.Status}): {done.Error}");
        }

        var run = await RunRowAsync(host, tenantId, summary.SnapshotId, cancellationToken);
        var after = emulator.State.Snapshot();
        Progress.Say($"nightly {summary.SnapshotId}: {counts.Products} products in {wall:F1} s; re-embedded {run.Reembedded}, " +
            $"{counts.NearDuplicatePairs} near-duplicate pairs; peak working set {sampler.PeakWorkingSetMb:F0} MB, peak GC heap {sampler.PeakGcHeapMb:F0} MB");
        return new JsonObject
        {
            ["seconds"] = BenchmarkOutput.Round(wall),
            ["peak_mb"] = BenchmarkOutput.Round(sampler.PeakWorkingSetMb),
            ["peak_gc_heap_mb"] = BenchmarkOutput.Round(sampler.PeakGcHeapMb),
            ["step_seconds"] = steps.Seconds(end),
            ["reembedded"] = run.Reembedded,
            ["embed_failures"] = run.EmbedFailures,
            ["embedding_requests"] = after.EmbeddingRequests - before.EmbeddingRequests,
            ["chat_requests"] = after.ChatRequests - before.ChatRequests,
            ["near_duplicate_pairs"] = counts.NearDuplicatePairs,
            ["clusters"] = counts.Clusters,
            ["load_average_before"] = loadBefore,
            ["load_average_after"] = SimilarityBenchmark.LoadAverage(),
        };
    }

    private static async Task<NightlyRunEntity> RunRowAsync(IHost host, string tenantId, string runId, CancellationToken cancellationToken) =>
        (await host.Get<NightlySnapshotStore>().Runs.GetEntityAsync<NightlyRunEntity>(tenantId, runId, cancellationToken: cancellationToken)).Value;
}
