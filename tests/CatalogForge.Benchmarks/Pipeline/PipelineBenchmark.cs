using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CatalogForge.AiEmulator;
using CatalogForge.Benchmarks.Hosting;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CatalogForge.Benchmarks.Pipeline;

/// <param name="Strategies">Which strategies run, in order (all three for the JSON the issue asks for).</param>
/// <param name="Settings">Extra configuration for the in-process Core host (e.g. <c>DurableTask:MaxConcurrentActivities</c>).</param>
public sealed record PipelineBenchmarkOptions(
    int Items,
    LatencyProfile Profile,
    IReadOnlyList<string>? Strategies = null,
    IReadOnlyDictionary<string, string?>? Settings = null)
{
    public const string Sequential = "sequential";
    public const string Pool5 = "pool5";
    public const string Engine = "engine";

    public static readonly IReadOnlyList<string> AllStrategies = [Sequential, Pool5, Engine];
}

/// <summary>
/// The same N items three ways against one Azurite and one in-process emulator: a plain loop, a fixed pool of 5 workers,
/// and a CatalogForge job (JobService + the Durable Task engine). Each strategy gets its own tenant and its own prompts, so the
/// pay-once AI cache never answers one strategy with another's results, and the emulator is reset in between.
/// </summary>
public static class PipelineBenchmark
{
    public const int PoolSize = 5;

    public static async Task<JsonObject> RunAsync(string storageConnectionString, PipelineBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Items, 1);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Jobs:MaxItemsPerJob"] = Math.Max(1000, options.Items).ToString(CultureInfo.InvariantCulture),
            ["Jobs:MaxQueuedItemsPerTenant"] = Math.Max(50_000, options.Items).ToString(CultureInfo.InvariantCulture),
        };
        if (options.Profile.ChatRequestsPerMinute > 0)
        {
            // CatalogForge is told its quota, as a user would configure it: the client-side limit paces chat calls
            // instead of bouncing them off the deployment as 429s. The embedded deployments keep everything else.
            var rpm = options.Profile.ChatRequestsPerMinute.ToString(CultureInfo.InvariantCulture);
            settings[$"Ai:Deployments:{LatencyProfile.ChatClientDeployment}:RequestsPerMinute"] = rpm;
            settings[$"Ai:Deployments:{LatencyProfile.ChatFallbackClientDeployment}:RequestsPerMinute"] = rpm;
        }

        foreach (var (key, value) in options.Settings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        await using var emulator = await EmulatorHost.StartAsync(options.Profile.ToEmulatorOptions(), 0, cancellationToken);
        var host = await CoreHost.StartAsync(storageConnectionString, emulator.BaseUri, settings,
            builder => builder.Services.AddSingleton<DirectItemSteps>(), cancellationToken);
        try
        {
            var results = new Dictionary<string, StrategyResult>();
            foreach (var strategy in options.Strategies ?? PipelineBenchmarkOptions.AllStrategies)
            {
                emulator.State.Reset();
                var tenant = await host.Get<ITenantDirectory>().CreateAsync($"bench-{strategy}", cancellationToken);
                var runId = $"{strategy}-{Guid.NewGuid():N}";
                var briefs = BenchBriefs.Many(runId, options.Items);
                Progress.Say($"pipeline: {strategy} over {options.Items} items (tenant {tenant.TenantId})");
                var strategyStart = DateTimeOffset.UtcNow;
                var (wall, failed) = strategy switch
                {
                    PipelineBenchmarkOptions.Sequential => await RunSequentialAsync(host, tenant.TenantId, runId, briefs, cancellationToken),
                    PipelineBenchmarkOptions.Pool5 => await RunPoolAsync(host, tenant.TenantId, runId, briefs, cancellationToken),
                    PipelineBenchmarkOptions.Engine => await RunEngineAsync(host, tenant.TenantId, briefs, cancellationToken),
                    _ => throw new ArgumentException($"Unknown strategy '{strategy}'.", nameof(options)),
                };
                var result = new StrategyResult(strategy, options.Items, wall, failed, EmulatorTally.Of(emulator.State));
                results[strategy] = result;
                Progress.Say($"pipeline: {result}");
                if (strategy == PipelineBenchmarkOptions.Engine)
                {
                    Progress.Say($"pipeline: engine: {ChatTimeline.Describe(emulator.State, strategyStart)}");
                }
            }

            return ToJson(options, results);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }

    private static async Task<(double Wall, int Failed)> RunSequentialAsync(
        IHost host, string tenantId, string runId, IReadOnlyList<ProductBrief> briefs, CancellationToken cancellationToken)
    {
        var steps = host.Get<DirectItemSteps>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        for (var index = 0; index < briefs.Count; index++)
        {
            if (!await steps.RunAsync(tenantId, runId, index, briefs[index], cancellationToken))
            {
                failed++;
            }

            SayProgress(PipelineBenchmarkOptions.Sequential, index + 1, briefs.Count, clock);
        }

        return (clock.Elapsed.TotalSeconds, failed);
    }

    private static async Task<(double Wall, int Failed)> RunPoolAsync(
        IHost host, string tenantId, string runId, IReadOnlyList<ProductBrief> briefs, CancellationToken cancellationToken)
    {
        var steps = host.Get<DirectItemSteps>();
        var failed = 0;
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, briefs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = PoolSize, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                if (!await steps.RunAsync(tenantId, runId, index, briefs[index], token))
                {
                    Interlocked.Increment(ref failed);
                }

                SayProgress(PipelineBenchmarkOptions.Pool5, Interlocked.Increment(ref done), briefs.Count, clock);
            });
        return (clock.Elapsed.TotalSeconds, failed);
    }

    /// <summary>The real job path: submit through JobService, wait for the job row to reach a terminal status.</summary>
    private static async Task<(double Wall, int Failed)> RunEngineAsync(
        IHost host, string tenantId, IReadOnlyList<ProductBrief> briefs, CancellationToken cancellationToken)
    {
        var jobs = host.Get<IJobService>();
        var started = DateTimeOffset.UtcNow;
        var submitted = await jobs.SubmitAsync(tenantId, new SubmitJobRequest
        {
            Kind = "generate",
            Items = BenchBriefs.AsItems(briefs),
            Options = new JobOptions { Images = true },
        }, cancellationToken);
        var jobId = submitted.Accepted?.JobId ?? throw new InvalidOperationException(
            "The benchmark job was rejected: " + string.Join("; ", submitted.Errors?.SelectMany(e => e.Value) ?? []));

        var job = await JobWaiter.WaitForTerminalAsync(
            token => jobs.GetAsync(tenantId, jobId, token), cancellationToken);
        var wall = ((job.CompletedAt ?? DateTimeOffset.UtcNow) - started).TotalSeconds;
        return (wall, job.Counts.Total - job.Counts.Succeeded);
    }

    /// <summary>A line at every tenth of the items: the sequential run takes a quarter of an hour at N = 200.</summary>
    private static void SayProgress(string strategy, int done, int total, Stopwatch clock)
    {
        if (done % Math.Max(1, total / 10) == 0)
        {
            Progress.Say($"pipeline: {strategy}: {done} of {total} items after {clock.Elapsed.TotalSeconds:F0} s");
        }
    }

    private static JsonObject ToJson(PipelineBenchmarkOptions options, IReadOnlyDictionary<string, StrategyResult> results)
    {
        var bound = options.Profile.LowerBoundSeconds(options.Items);
        var json = new JsonObject { ["n"] = options.Items };
        foreach (var (name, result) in results)
        {
            json[name] = result.ToJson();
        }

        json["lower_bound_s"] = BenchmarkOutput.Round(bound);
        if (results.TryGetValue(PipelineBenchmarkOptions.Engine, out var engine))
        {
            json["ratio_to_bound"] = BenchmarkOutput.Round(engine.WallSeconds / bound);
            if (results.TryGetValue(PipelineBenchmarkOptions.Pool5, out var pool))
            {
                json["speedup_vs_pool5"] = BenchmarkOutput.Round(pool.WallSeconds / engine.WallSeconds);
            }
        }

        return json;
    }
}
