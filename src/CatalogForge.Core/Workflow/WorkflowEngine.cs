using System.Collections.Concurrent;
using Azure;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// The embedded engine: starts, resumes and records root instances and shuts down gracefully. Each run executes on
/// the thread pool; its calls go through <see cref="EmbeddedWorkflowContext"/> and <see cref="ActivityExecutor"/>.
/// </summary>
internal sealed class WorkflowEngine(
    WorkflowRuntime runtime,
    WorkflowInstanceStore instances,
    ActivityScheduler scheduler,
    IOptions<WorkflowEngineOptions> options,
    ILogger<WorkflowEngine> logger) : IWorkflowEngine, IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan UnwindTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, WorkflowRun> _running = new(StringComparer.Ordinal);
    private readonly Lock _shutdownGate = new();
    private Task? _shutdown;

    private WorkflowEngineLifetime Lifetime => runtime.Lifetime;

    private TimeProvider Time => runtime.Time;

    /// <summary>Instances currently running in this process (tests and diagnostics).</summary>
    public int RunningCount => _running.Count;

    public async Task StartAsync(
        string workflowName, string instanceId, object? input, WorkflowStartOptions? options = null, CancellationToken ct = default)
    {
        ValidateRootInstanceId(instanceId);
        var workflow = runtime.Registry.GetWorkflow(workflowName);
        options ??= WorkflowStartOptions.Default;
        var inputJson = WorkflowJson.Serialize(input);
        if (inputJson.Length > WorkflowLimits.MaxPayloadChars)
        {
            throw new ArgumentException(
                $"Input of workflow {instanceId} is {inputJson.Length} characters of JSON; the limit is {WorkflowLimits.MaxPayloadChars}. " +
                "Pass small refs (ids, blob names) and load payloads in activities.",
                nameof(input));
        }

        var now = Time.GetUtcNow();
        var instance = new WorkflowInstanceInfo
        {
            InstanceId = instanceId,
            WorkflowName = workflow.Name,
            Status = WorkflowStatus.Running,
            InputJson = inputJson,
            Priority = options.Priority,
            TenantId = options.TenantId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (!await instances.TryCreateAsync(instance, ct))
        {
            logger.LogDebug("Workflow {InstanceId} already exists; start ignored", instanceId);
            return;
        }

        if (Lifetime.IsStopping)
        {
            logger.LogInformation("Workflow {InstanceId} ({Workflow}) created while the host is stopping; the next host runs it", instanceId, workflow.Name);
            return;
        }

        Launch(instance, isResume: false);
    }

    public Task<WorkflowInstanceInfo?> GetAsync(string instanceId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return instances.GetAsync(instanceId, ct);
    }

    public async Task RequestCancellationAsync(string instanceId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        var found = await instances.SetCancelRequestedAsync(instanceId, Time.GetUtcNow(), ct);
        if (_running.TryGetValue(instanceId, out var run))
        {
            run.RequestCancellation();
        }

        if (found)
        {
            logger.LogInformation("Workflow {InstanceId} cancellation requested", instanceId);
        }
        else
        {
            logger.LogWarning("Workflow {InstanceId} cancellation requested, but no such instance exists", instanceId);
        }
    }

    public async Task<WorkflowInstanceInfo> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = Time.GetUtcNow() + timeout;
        while (true)
        {
            var instance = await GetAsync(instanceId, ct)
                ?? throw new InvalidOperationException($"Workflow instance '{instanceId}' does not exist.");
            if (instance.IsTerminal)
            {
                return instance;
            }

            var remaining = deadline - Time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Workflow instance '{instanceId}' is still {instance.Status} after {timeout}.");
            }

            var delay = Task.Delay(remaining < PollInterval ? remaining : PollInterval, Time, ct);
            await (_running.TryGetValue(instanceId, out var run) ? Task.WhenAny(run.Completion, delay) : delay);
        }
    }

    public async Task<int> ResumePendingAsync(CancellationToken ct = default)
    {
        if (Lifetime.IsStopping)
        {
            return 0;
        }

        var resumed = 0;
        try
        {
            await foreach (var candidate in instances.ListRunningAsync(ct))
            {
                if (Lifetime.IsStopping)
                {
                    break;
                }

                if (_running.ContainsKey(candidate.InstanceId))
                {
                    continue;
                }

                if (!runtime.Registry.TryGetWorkflow(candidate.WorkflowName, out _))
                {
                    logger.LogError(
                        "Workflow {InstanceId} cannot resume: workflow {Workflow} is not registered in this host",
                        candidate.InstanceId, candidate.WorkflowName);
                    continue;
                }

                // Re-read: a run of this process may have finished (and left _running) after the query's snapshot.
                var current = await instances.GetAsync(candidate.InstanceId, ct);
                if (current is { Status: WorkflowStatus.Running } && Launch(current, isResume: true))
                {
                    resumed++;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            logger.LogWarning(ex, "Workflow instance table does not exist yet; nothing to resume");
        }

        return resumed;
    }

    /// <summary>Stops dispatching new activities (host <c>ApplicationStopping</c>). Cheap and idempotent.</summary>
    public void BeginShutdown() => Lifetime.BeginShutdown();

    /// <summary>
    /// Graceful stop: no new dispatches; in-flight activities finish and memoise (up to
    /// <see cref="WorkflowEngineOptions.ShutdownDrainTimeout"/> or until <paramref name="ct"/>), then the rest are
    /// cancelled (not memoised) and runs unwind, leaving their instances Running for the next host.
    /// </summary>
    public Task ShutdownAsync(CancellationToken ct)
    {
        lock (_shutdownGate)
        {
            return _shutdown ??= ShutdownCoreAsync(ct);
        }
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync(CancellationToken.None);

    /// <summary>Synchronous disposal cannot drain: it stops dispatching and cancels running activities (not memoised).</summary>
    public void Dispose() => Lifetime.AbortActivities();

    private async Task ShutdownCoreAsync(CancellationToken ct)
    {
        Lifetime.BeginShutdown();
        var drainTimeout = options.Value.ShutdownDrainTimeout;
        logger.LogInformation(
            "Workflow engine stopping: {Running} instances running, {InFlight} activities in flight; draining for up to {DrainTimeout}",
            _running.Count, scheduler.InFlight, drainTimeout);

        if (!await scheduler.DrainAsync(drainTimeout, ct))
        {
            logger.LogWarning(
                "Workflow engine drain ended with {InFlight} activities still in flight; cancelling them (not memoised, they run again on resume)",
                scheduler.InFlight);
        }

        Lifetime.AbortActivities();
        var runs = _running.Values.Select(run => run.Completion).ToArray();
        var unwound = Task.WhenAll(runs);
        if (await Task.WhenAny(unwound, Task.Delay(UnwindTimeout, Time, ct)) != unwound)
        {
            logger.LogWarning(
                "Workflow engine stopped with {Running} runs still unwinding; their instances stay Running and resume on the next start",
                _running.Count);
        }

        logger.LogInformation("Workflow engine stopped");
    }

    private bool Launch(WorkflowInstanceInfo instance, bool isResume)
    {
        var interval = options.Value.CustomStatusFlushInterval;
        var customStatus = new CustomStatusPublisher(
            instance.InstanceId,
            json => instances.SetCustomStatusAsync(instance.InstanceId, json, Time.GetUtcNow(), CancellationToken.None),
            interval,
            Time,
            logger);
        var run = new WorkflowRun(instance, Time.GetUtcNow().UtcDateTime, isResume, customStatus);
        if (!_running.TryAdd(instance.InstanceId, run))
        {
            return false;
        }

        _ = Task.Run(() => ExecuteAsync(run));
        return true;
    }

    private async Task ExecuteAsync(WorkflowRun run)
    {
        var instanceId = run.InstanceId;
        try
        {
            var workflow = runtime.Registry.GetWorkflow(run.WorkflowName);
            if (run.IsResume)
            {
                // One partition query for the whole tree (root and sub-workflows) instead of a read per call.
                run.Memos = await runtime.History.LoadAsync(instanceId, CancellationToken.None);
            }

            logger.LogInformation(
                "Workflow {InstanceId} ({Workflow}) {Mode} with {MemoCount} memoised calls",
                instanceId, workflow.Name, run.IsResume ? "resumed" : "started", run.Memos.Count);

            string? outputJson = null;
            Exception? failure = null;
            try
            {
                await using var scope = runtime.Scopes.CreateAsyncScope();
                var context = EmbeddedWorkflowContext.ForRoot(runtime, run);
                outputJson = await workflow.RunAsync(scope.ServiceProvider, context, run.InputJson);
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            var pendingStatus = await run.CustomStatus.CloseAsync();
            var now = Time.GetUtcNow();
            if (run.IsInterrupted || failure is WorkflowInterruptedException || (failure is OperationCanceledException && Lifetime.IsStopping))
            {
                logger.LogInformation("Workflow {InstanceId} interrupted by host shutdown; left Running to resume on the next start", instanceId);
                if (pendingStatus is not null)
                {
                    await instances.SetCustomStatusAsync(instanceId, pendingStatus, now, CancellationToken.None);
                }

                return;
            }

            var outcome = Decide(run, workflow.Name, outputJson, failure);
            await instances.CompleteAsync(instanceId, outcome, pendingStatus, now, CancellationToken.None);
            logger.LogInformation("Workflow {InstanceId} ({Workflow}) ended {Status}", instanceId, workflow.Name, outcome.Status);
        }
        catch (Exception ex)
        {
            logger.LogError(
                ex, "Workflow {InstanceId} could not load its history or record its outcome; it stays Running and resumes on the next start",
                instanceId);
        }
        finally
        {
            _running.TryRemove(KeyValuePair.Create(instanceId, run));
            run.MarkFinished();
        }
    }

    private WorkflowOutcome Decide(WorkflowRun run, string workflow, string? outputJson, Exception? failure)
    {
        if (failure is null && outputJson!.Length > WorkflowLimits.MaxPayloadChars)
        {
            failure = new ClassifiedException(
                ErrorClass.InvalidOutput,
                $"Workflow {workflow} returned {outputJson.Length} characters of JSON; the limit is {WorkflowLimits.MaxPayloadChars}. " +
                "Workflow outputs must be small refs (ids, blob names, counts).");
        }

        if (failure is null)
        {
            // Cancellation is cooperative: the orchestration stopped starting work and returned what it has.
            var status = run.IsCancellationRequested ? WorkflowStatus.Cancelled : WorkflowStatus.Completed;
            return WorkflowOutcome.Succeeded(status, outputJson!);
        }

        var error = WorkflowLimits.TruncateError($"{failure.GetType().Name}: {failure.Message}");
        if (failure is OperationCanceledException && run.IsCancellationRequested)
        {
            return WorkflowOutcome.Failed(WorkflowStatus.Cancelled, error, ErrorClass.Cancelled);
        }

        var errorClass = ActivityErrorClassifier.Classify(failure);
        logger.LogError(failure, "Workflow {InstanceId} ({Workflow}) failed with {ErrorClass}", run.InstanceId, workflow, errorClass);
        return WorkflowOutcome.Failed(WorkflowStatus.Failed, error, errorClass);
    }

    private static void ValidateRootInstanceId(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (instanceId.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Instance id '{instanceId}' contains ':', which is reserved for sub-workflow ids ({{parent}}:{{key}}).", nameof(instanceId));
        }

        _ = TableKey.Escape(instanceId);
    }
}
