using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CatalogForge.AiEmulator;
using CatalogForge.Benchmarks.Crash;
using CatalogForge.Benchmarks.Hosting;
using CatalogForge.Benchmarks.Pipeline;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;

namespace CatalogForge.Benchmarks.ScaleOut;

/// <param name="KillAtFraction">Server A is killed once this share of the items has succeeded and both servers sent model requests.</param>
/// <param name="LeaseInterval">The servers' <c>DurableTask:LeaseInterval</c>: how long the dead server's partitions stay its own.</param>
/// <param name="QueueVisibilityTimeout">The servers' <c>DurableTask:QueueVisibilityTimeout</c>: when the dead server's messages come back.</param>
public sealed record ScaleOutBenchmarkOptions(
    int Items = 40,
    LatencyProfile? Profile = null,
    double KillAtFraction = 0.25,
    TimeSpan? LeaseInterval = null,
    TimeSpan? QueueVisibilityTimeout = null,
    string? ServerDll = null,
    string LogDirectory = "artifacts/bench/logs");

/// <summary>
/// Two Server processes on one task hub share a job, one dies by SIGKILL, the other finishes it. Each server talks to
/// its own in-process emulator, so the emulators' request logs say which process ran which model calls: both must have
/// sent some before the kill. The job must then complete with one product per item, and the survivor must send no
/// model request for an (item, step) whose activity had completed in the job's history (see <see cref="CallAudit"/>).
/// </summary>
public static class ScaleOutBenchmark
{
    public static async Task<JsonObject> RunAsync(string storageConnectionString, ScaleOutBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Items, 2);
        var profile = options.Profile ?? LatencyProfile.Crash;
        var dll = options.ServerDll ?? ServerProcess.DefaultDllPath();
        var run = Guid.NewGuid().ToString("N")[..12];
        var taskHub = $"scale{run}";
        await using var emulatorA = await EmulatorHost.StartAsync(profile.ToEmulatorOptions(), 0, cancellationToken);
        await using var emulatorB = await EmulatorHost.StartAsync(profile.ToEmulatorOptions(), 0, cancellationToken);
        var environmentA = Environment(storageConnectionString, emulatorA.BaseUri, taskHub, options);
        var environmentB = Environment(storageConnectionString, emulatorB.BaseUri, taskHub, options);
        var (tenantId, apiKey) = await ServerProcess.CreateTenantAsync(dll, environmentA, $"bench-scaleout-{run}", cancellationToken);
        var briefs = BenchBriefs.Many($"scaleout-{run}", options.Items);
        var tables = new TableServiceClient(storageConnectionString);

        await using var serverA = await ServerProcess.StartAsync(dll, environmentA, LogPath(options, run, "a"), cancellationToken);
        await using var serverB = await ServerProcess.StartAsync(dll, environmentB, LogPath(options, run, "b"), cancellationToken);
        using var apiA = new CatalogApiClient(serverA.BaseUri, apiKey);
        using var apiB = new CatalogApiClient(serverB.BaseUri, apiKey);
        var jobId = await apiA.SubmitGenerateAsync(briefs, cancellationToken);
        var killAt = Math.Clamp((int)(options.Items * options.KillAtFraction), 1, options.Items - 1);
        var midway = await JobWaiter.WaitForTerminalAsync(token => apiB.GetJobAsync(jobId, token), cancellationToken,
            job => job.Counts.Succeeded >= killAt && emulatorA.State.Requests.Count > 0 && emulatorB.State.Requests.Count > 0);
        await serverA.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        if (midway.Status.IsTerminal())
        {
            throw new InvalidOperationException($"Job {jobId} ended ({midway.Status}) before server A could be killed mid-job.");
        }

        Progress.Say($"scaleout: killed server A (pid {serverA.ProcessId}, SIGKILL) with {midway.Counts.Succeeded} of {options.Items} items done");

        // The memos first, then the survivor's boundary: a step memoised here had all its requests sent before the boundary.
        var memosAtKill = await WorkflowMemos.ReadAsync(tables, taskHub, tenantId, jobId, cancellationToken);
        var survivorBeforeKill = emulatorB.State.Requests;
        var boundary = survivorBeforeKill.Count == 0 ? 0 : survivorBeforeKill.Max(request => request.Sequence);

        var final = await JobWaiter.WaitForTerminalAsync(token => apiB.GetJobAsync(jobId, token), cancellationToken);
        var recovery = DateTimeOffset.UtcNow - killedAt;
        var items = await apiB.GetAllItemsAsync(jobId, cancellationToken);

        // Requests the dead server had in flight landed in emulator A's log; it sent nothing after the kill.
        var killedServer = emulatorA.State.Requests;
        var survivor = emulatorB.State.Requests;
        var afterKill = survivor.Where(request => request.Sequence > boundary).ToList();
        var finalMemos = await WorkflowMemos.ReadAsync(tables, taskHub, tenantId, jobId, cancellationToken);
        var attribution = new RequestAttribution(finalMemos.Contents);
        var audit = CallAudit.Of([.. killedServer, .. survivor.Where(request => request.Sequence <= boundary)], afterKill, memosAtKill.Steps, attribution);
        var products = await ProductCount.OfAsync(tables, tenantId, items, cancellationToken);
        var completed = final.Status == JobStatus.Completed && items.Count == options.Items
            && items.All(item => item.Status == ItemStatus.Succeeded);

        var killedItems = ItemsServed(killedServer, attribution);
        var survivorItems = ItemsServed(survivorBeforeKill, attribution);
        Progress.Say($"scaleout: job {jobId} {final.Status} {recovery.TotalSeconds:F1} s after the kill; {products} products for " +
            $"{items.Count} items; model requests: A {killedServer.Count} ({killedItems} items), B {survivor.Count - afterKill.Count} " +
            $"({survivorItems} items) before the kill and {afterKill.Count} after: {audit.DuplicateCalls} duplicates, " +
            $"{audit.RepeatedInFlight} repeated in flight, {audit.Unattributed} unattributed");
        foreach (var sample in audit.Samples)
        {
            Progress.Say($"scaleout: {sample}");
        }

        return new JsonObject
        {
            ["items"] = options.Items,
            ["products"] = products,
            ["completed"] = completed,
            ["duplicate_calls"] = audit.DuplicateCalls,
            ["repeated_in_flight"] = audit.RepeatedInFlight,
            ["unattributed_requests"] = audit.Unattributed,
            ["succeeded_at_kill"] = midway.Counts.Succeeded,
            ["steps_memoised_at_kill"] = memosAtKill.Steps.Count,
            ["killed_server_requests"] = killedServer.Count,
            ["killed_server_items"] = killedItems,
            ["survivor_requests_before_kill"] = survivor.Count - afterKill.Count,
            ["survivor_items_before_kill"] = survivorItems,
            ["survivor_requests_after_kill"] = afterKill.Count,
            ["recovery_seconds"] = Math.Round(recovery.TotalSeconds, 1),
        };
    }

    /// <summary>The items at least one of the requests served (a request fitting several items counts for each).</summary>
    private static int ItemsServed(IEnumerable<RecordedRequest> requests, RequestAttribution attribution) =>
        requests.SelectMany(attribution.Candidates).Select(step => step.Item).Distinct().Count();

    private static Dictionary<string, string> Environment(
        string storageConnectionString, Uri aiEndpoint, string taskHub, ScaleOutBenchmarkOptions options)
    {
        var environment = ServerProcess.Environment(storageConnectionString, aiEndpoint, taskHub);
        environment["DurableTask__LeaseInterval"] = (options.LeaseInterval ?? TimeSpan.FromSeconds(6)).ToString("c");
        environment["DurableTask__QueueVisibilityTimeout"] = (options.QueueVisibilityTimeout ?? TimeSpan.FromSeconds(15)).ToString("c");
        return environment;
    }

    private static string LogPath(ScaleOutBenchmarkOptions options, string run, string server) =>
        Path.Combine(options.LogDirectory, $"scaleout-{run}-server-{server}.log");
}
