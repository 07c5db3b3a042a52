using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CatalogForge.AiEmulator;
using CatalogForge.Benchmarks.Hosting;
using CatalogForge.Benchmarks.Pipeline;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;

namespace CatalogForge.Benchmarks.Crash;

/// <param name="KillAtFraction">The server is killed once this share of the items has succeeded.</param>
/// <param name="ServerDll">The built CatalogForge.Server.dll; null finds the one of this build configuration.</param>
public sealed record CrashBenchmarkOptions(
    int Items = 200,
    LatencyProfile? Profile = null,
    double KillAtFraction = 0.35,
    string? ServerDll = null,
    string LogDirectory = "artifacts/bench/logs");

/// <summary>
/// Kill -9 mid-job: the Server runs as its own process against Azurite and an emulator that lives in this process (so
/// its request log survives the kill), gets a job, is killed with SIGKILL once part of it is done, and is started again
/// on the same storage and task hub. The job must complete with one product per item, and the restarted server must
/// send no model request for an (item, step) whose activity had completed in the job's history (see <see cref="CallAudit"/>).
/// </summary>
public static class CrashBenchmark
{
    public static async Task<JsonObject> RunAsync(string storageConnectionString, CrashBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Items, 2);
        var profile = options.Profile ?? LatencyProfile.Crash;
        var dll = options.ServerDll ?? ServerProcess.DefaultDllPath();
        var run = Guid.NewGuid().ToString("N")[..12];
        await using var emulator = await EmulatorHost.StartAsync(profile.ToEmulatorOptions(), 0, cancellationToken);
        var taskHub = $"crash{run}";
        var environment = ServerProcess.Environment(storageConnectionString, emulator.BaseUri, taskHub);
        var (tenantId, apiKey) = await ServerProcess.CreateTenantAsync(dll, environment, $"bench-crash-{run}", cancellationToken);
        var briefs = BenchBriefs.Many($"crash-{run}", options.Items);

        string jobId;
        int succeededAtKill;
        await using (var first = await ServerProcess.StartAsync(dll, environment, LogPath(options, run, 1), cancellationToken))
        {
            using var api = new CatalogApiClient(first.BaseUri, apiKey);
            jobId = await api.SubmitGenerateAsync(briefs, cancellationToken);
            var killAt = Math.Clamp((int)(options.Items * options.KillAtFraction), 1, options.Items - 1);
            var midway = await JobWaiter.WaitForTerminalAsync(token => api.GetJobAsync(jobId, token), cancellationToken,
                job => job.Counts.Succeeded >= killAt);
            await first.KillAsync();
            if (midway.Status.IsTerminal())
            {
                throw new InvalidOperationException($"Job {jobId} ended ({midway.Status}) before the server could be killed mid-job.");
            }

            succeededAtKill = midway.Counts.Succeeded;
            Progress.Say($"crash: killed server pid {first.ProcessId} (SIGKILL) with {succeededAtKill} of {options.Items} items done");
        }

        // Requests the dead server had in flight still finish (or abort) in the emulator; let them land in its log.
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(profile.ChatMs, profile.ImageMs) + 1000), cancellationToken);
        var beforeKill = emulator.State.Requests;
        var boundary = beforeKill.Count == 0 ? 0 : beforeKill.Max(request => request.Sequence);
        var tables = new TableServiceClient(storageConnectionString);
        var memosAtKill = await WorkflowMemos.ReadAsync(tables, taskHub, tenantId, jobId, cancellationToken);

        JobView final;
        IReadOnlyList<JobItemView> items;
        await using (var second = await ServerProcess.StartAsync(dll, environment, LogPath(options, run, 2), cancellationToken))
        {
            using var api = new CatalogApiClient(second.BaseUri, apiKey);
            final = await JobWaiter.WaitForTerminalAsync(token => api.GetJobAsync(jobId, token), cancellationToken);
            items = await api.GetAllItemsAsync(jobId, cancellationToken);
        }

        var afterRestart = emulator.State.Requests.Where(request => request.Sequence > boundary).ToList();
        var finalMemos = await WorkflowMemos.ReadAsync(tables, taskHub, tenantId, jobId, cancellationToken);
        var audit = CallAudit.Of(beforeKill, afterRestart, memosAtKill.Steps, new RequestAttribution(finalMemos.Contents));
        var products = await ProductCount.OfAsync(tables, tenantId, items, cancellationToken);
        var completed = final.Status == JobStatus.Completed && items.Count == options.Items
            && items.All(item => item.Status == ItemStatus.Succeeded);

        Progress.Say($"crash: job {jobId} {final.Status}; {products} products for {items.Count} items; " +
            $"{memosAtKill.Steps.Count} item steps memoised at the kill; after the restart {audit.AfterRestartRequests} requests: " +
            $"{audit.DuplicateCalls} duplicates, {audit.RepeatedInFlight} repeated in flight, {audit.Unattributed} unattributed");
        foreach (var sample in audit.Samples)
        {
            Progress.Say($"crash: {sample}");
        }

        return new JsonObject
        {
            ["items"] = options.Items,
            ["products"] = products,
            ["duplicate_calls"] = audit.DuplicateCalls,
            ["completed"] = completed,
            ["repeated_in_flight"] = audit.RepeatedInFlight,
            ["unattributed_requests"] = audit.Unattributed,
            ["succeeded_at_kill"] = succeededAtKill,
        };
    }

    private static string LogPath(CrashBenchmarkOptions options, string run, int server) =>
        Path.Combine(options.LogDirectory, $"crash-{run}-server-{server}.log");
}
