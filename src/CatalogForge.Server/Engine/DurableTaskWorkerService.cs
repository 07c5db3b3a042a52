using CatalogForge.Core.Orchestration;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Engine;

/// <summary>
/// Runs Core's orchestrations and activities (<see cref="OrchestrationCatalog"/>) on a DurableTask.Core
/// <see cref="TaskHubWorker"/> over the <see cref="TaskHub"/>. Starting waits for storage with backoff instead of failing
/// the host, so the API serves (and reports readiness) while storage comes up. Stopping lets dispatched work finish
/// within the host's shutdown timeout, then cancels what is left: an activity cut short runs again elsewhere.
/// </summary>
internal sealed partial class DurableTaskWorkerService(
    TaskHub hub,
    OrchestrationCatalog catalog,
    IServiceScopeFactory scopes,
    ILoggerFactory loggerFactory,
    ILogger<DurableTaskWorkerService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxStartBackoff = TimeSpan.FromSeconds(30);

    // Never disposed: it owns no timer, and the host may call StopAsync again after Dispose.
    private readonly CancellationTokenSource _activitiesStopping = new();
    private TaskHubWorker? _worker;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var shims = new DurableTaskShimFactory(
            new DurableTaskWorkerOptions { DataConverter = new Microsoft.DurableTask.Converters.JsonDataConverter(WorkflowJson.Options) },
            loggerFactory);
        var worker = new TaskHubWorker(hub.Service, loggerFactory);
        worker.AddTaskOrchestrations(catalog.Orchestrators
            .Select(o => new ShimObjectCreator<TaskOrchestration>(o.Name, () => shims.CreateOrchestration(new TaskName(o.Name), o.Create())))
            .ToArray<ObjectCreator<TaskOrchestration>>());
        worker.AddTaskActivities(catalog.Activities
            .Select(a => new ShimObjectCreator<TaskActivity>(a.Name, () => shims.CreateActivity(new TaskName(a.Name), a.Create(scopes, _activitiesStopping.Token))))
            .ToArray<ObjectCreator<TaskActivity>>());

        var backoff = TimeSpan.FromSeconds(1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await hub.Service.CreateIfNotExistsAsync().WaitAsync(stoppingToken);

                // Not abandoned on shutdown: a start that finished after StopAsync had looked would leave a worker running.
                _worker = worker;
                await worker.StartAsync();
                LogStarted(hub.Options.TaskHub, hub.WorkerId, hub.Options.PartitionCount);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogStartFailed(ex, hub.Options.TaskHub, attempt, backoff);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxStartBackoff.Ticks));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_worker is not { } worker)
        {
            return;
        }

        var stopped = worker.StopAsync(isForced: false);
        try
        {
            await stopped.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogStopCancelling(hub.Options.TaskHub);
            await _activitiesStopping.CancelAsync();
            try
            {
                await stopped.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            catch (TimeoutException)
            {
                LogStopAbandoned(hub.Options.TaskHub);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Durable Task worker started on task hub {TaskHub} as {WorkerId} ({Partitions} partitions)")]
    private partial void LogStarted(string taskHub, string workerId, int partitions);

    [LoggerMessage(Level = LogLevel.Error, Message = "Durable Task worker could not start on task hub {TaskHub} (attempt {Attempt}); retrying in {Backoff}")]
    private partial void LogStartFailed(Exception exception, string taskHub, int attempt, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached on task hub {TaskHub}: cancelling the activities still running (they run again on another worker)")]
    private partial void LogStopCancelling(string taskHub);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Durable Task worker on task hub {TaskHub} did not stop within 10 s of cancelling; its messages return to the queues after their visibility timeout")]
    private partial void LogStopAbandoned(string taskHub);
}
