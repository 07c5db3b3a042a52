using System.Collections.Concurrent;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// <see cref="IWorkflowContext"/> of the embedded engine, one per (root or sub-) instance per run. Not a replay engine:
/// the orchestration is plain async code run once per run, and every call is memoised under (instance, key) in
/// <c>WorkflowHistory</c>, so a re-run returns memoised results (and memoised failures) instead of calling again.
/// Thread-safe: orchestrations fan out with <c>Task.WhenAll</c> over the same context.
/// </summary>
internal sealed class EmbeddedWorkflowContext : IWorkflowContext
{
    private readonly WorkflowRuntime _runtime;
    private readonly WorkflowRun _run;

    // This instance's id relative to the root: "" for the root, "item/003" or "item/003:retry" for sub-workflows.
    private readonly string _path;

    // Calls made in this run, by key: a second call with the same key shares the first one's result (never runs
    // twice), and a call with the same key but another activity/workflow name is caught as a programming error.
    private readonly ConcurrentDictionary<string, CallSlot> _calls = new(StringComparer.Ordinal);

    // When this instance started in this process relative to the others: its activities go before those of instances
    // started later (same tenant and priority), so a job finishes the items it began before starting more of them.
    private readonly long _order;

    private EmbeddedWorkflowContext(WorkflowRuntime runtime, WorkflowRun run, string path, string instanceId, DateTime currentUtcDateTime)
    {
        _runtime = runtime;
        _run = run;
        _path = path;
        InstanceId = instanceId;
        CurrentUtcDateTime = currentUtcDateTime;
        _order = runtime.NextInstanceOrder();
    }

    public static EmbeddedWorkflowContext ForRoot(WorkflowRuntime runtime, WorkflowRun run) =>
        new(runtime, run, string.Empty, run.InstanceId, run.StartedAtUtc);

    public string InstanceId { get; }

    /// <summary>
    /// There is no replayed history timestamp in this engine, so this is the time (from the injected
    /// <see cref="TimeProvider"/>) at which the current run of this instance started: the root's run start, or for a
    /// sub-workflow the moment it started in this run. It is fixed for the whole run, so repeated reads agree; a
    /// resumed instance sees its resume time (not memoised). Use it for timestamps, not to measure elapsed time.
    /// </summary>
    public DateTime CurrentUtcDateTime { get; }

    public bool IsCancellationRequested => _run.IsCancellationRequested;

    public async Task<T> CallActivityAsync<T>(string activity, object? input, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(activity);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var registration = _runtime.Registry.GetActivity(activity);

        // Serialised now, so later changes to the caller's object cannot leak into the activity (as under Durable).
        var inputJson = WorkflowJson.Serialize(input);
        var resultJson = await Call(key, CallKind.Activity, registration.Name, () => RunActivityAsync(registration, inputJson, key));
        return WorkflowJson.Deserialize<T>(resultJson);
    }

    public async Task<T> CallSubWorkflowAsync<T>(string workflow, object? input, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflow);
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Sub-workflow key '{key}' contains ':', which separates the parts of sub-workflow ids ({{parent}}:{{key}}).", nameof(key));
        }

        var registration = _runtime.Registry.GetWorkflow(workflow);
        var inputJson = WorkflowJson.Serialize(input);
        var outputJson = await Call(key, CallKind.Workflow, registration.Name, () => RunSubWorkflowAsync(registration, inputJson, key));
        return WorkflowJson.Deserialize<T>(outputJson);
    }

    /// <summary>
    /// Validates the 16 KB cap (Durable's) synchronously. A root's status is written to its instance row, coalesced;
    /// sub-workflows have no instance row, so theirs is validated but not stored (report progress from the root).
    /// </summary>
    public void SetCustomStatus(object? status)
    {
        var json = WorkflowJson.Serialize(status);
        if (json.Length > WorkflowLimits.MaxCustomStatusChars)
        {
            throw new ArgumentException(
                $"Custom status of workflow {InstanceId} is {json.Length} characters of JSON; the limit is " +
                $"{WorkflowLimits.MaxCustomStatusChars} (16 KB of UTF-16, as in Durable Functions). Keep it to counters and small refs.",
                nameof(status));
        }

        if (_path.Length == 0)
        {
            _run.CustomStatus.Publish(json);
        }
    }

    /// <summary>
    /// Child instance id: <c>{parentInstanceId}:{key}</c>. Neither root ids nor sub-workflow keys may contain ':', so
    /// ids are unambiguous. Its memos live in the root's history partition under its path (see <see cref="WorkflowHistoryStore"/>).
    /// </summary>
    private EmbeddedWorkflowContext CreateChild(string key) => new(
        _runtime,
        _run,
        _path.Length == 0 ? key : $"{_path}:{key}",
        $"{InstanceId}:{key}",
        _runtime.Time.GetUtcNow().UtcDateTime);

    private Task<string> Call(string key, CallKind kind, string name, Func<Task<string>> run)
    {
        var slot = _calls.GetOrAdd(key, new CallSlot(kind, name, run));
        if (slot.Kind != kind || !string.Equals(slot.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Workflow {InstanceId} used key '{key}' for {Describe(slot.Kind, slot.Name)} and then for {Describe(kind, name)}. " +
                "A key must identify exactly one call; include the step in it (e.g. 'gen/00042' and 'img/00042').");
        }

        return slot.Result.Value;
    }

    private async Task<string> RunActivityAsync(ActivityRegistration activity, string inputJson, string key)
    {
        var rowKey = WorkflowHistoryStore.RowKey(_path, key);
        if (_run.Memos.TryGetValue(rowKey, out var memo))
        {
            return Replay(memo, CallKind.Activity, activity.Name, key);
        }

        return await _runtime.Activities.ExecuteAsync(_run, InstanceId, _order, rowKey, activity, key, inputJson);
    }

    private async Task<string> RunSubWorkflowAsync(WorkflowRegistration workflow, string inputJson, string key)
    {
        var rowKey = WorkflowHistoryStore.RowKey(_path, key);
        if (_run.Memos.TryGetValue(rowKey, out var memo))
        {
            return Replay(memo, CallKind.Workflow, workflow.Name, key);
        }

        var child = CreateChild(key);
        var childId = child.InstanceId;
        if (_runtime.Lifetime.IsStopping)
        {
            _run.MarkInterrupted();
            throw new WorkflowInterruptedException(childId, key, _runtime.Lifetime.Stopping);
        }

        string outputJson;
        try
        {
            await using var scope = _runtime.Scopes.CreateAsyncScope();
            outputJson = await workflow.RunAsync(scope.ServiceProvider, child, inputJson);
        }
        catch (Exception ex) when (ex is not WorkflowInterruptedException && !_run.IsInterrupted)
        {
            // Not memoised: on resume the child re-runs, cheaply, from its own memos (including memoised failures).
            var errorClass = ActivityErrorClassifier.Classify(ex);
            _runtime.Logger.LogWarning(
                ex, "Workflow {InstanceId} sub-workflow {Workflow} ({Key}) failed with {ErrorClass}",
                InstanceId, workflow.Name, key, errorClass);
            throw new ActivityFailedException(workflow.Name, key, errorClass, WorkflowLimits.TruncateError(ex.Message));
        }

        if (_run.IsInterrupted)
        {
            // Something in this run could not finish because the host is stopping; a child that swallowed that
            // must not be memoised as done.
            throw new WorkflowInterruptedException(childId, key, _runtime.Lifetime.Stopping);
        }

        if (outputJson.Length > WorkflowLimits.MaxPayloadChars)
        {
            throw new ActivityFailedException(
                workflow.Name, key, ErrorClass.InvalidOutput,
                $"Sub-workflow {workflow.Name} returned {outputJson.Length} characters of JSON; the limit is {WorkflowLimits.MaxPayloadChars}. " +
                "Workflow outputs must be small refs (ids, blob names, counts).");
        }

        await _runtime.History.WriteAsync(_run.InstanceId, rowKey, HistoryRecord.Success(CallKind.Workflow, workflow.Name, outputJson));
        return outputJson;
    }

    private string Replay(HistoryRecord memo, CallKind kind, string name, string key)
    {
        if (memo.Kind != kind || !string.Equals(memo.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Workflow {InstanceId} history has key '{key}' memoised for {Describe(memo.Kind, memo.Name)}, but the orchestration " +
                $"now calls {Describe(kind, name)} with it. Keys must identify one call and stay stable across code changes of running instances.");
        }

        return memo.IsFailure
            ? throw new ActivityFailedException(name, key, memo.ErrorClass!.Value, memo.ErrorMessage ?? string.Empty)
            : memo.ResultJson ?? "null";
    }

    private static string Describe(CallKind kind, string name) =>
        kind == CallKind.Activity ? $"activity '{name}'" : $"sub-workflow '{name}'";

    private sealed class CallSlot(CallKind kind, string name, Func<Task<string>> run)
    {
        public CallKind Kind { get; } = kind;

        public string Name { get; } = name;

        public Lazy<Task<string>> Result { get; } = new(run, LazyThreadSafetyMode.ExecutionAndPublication);
    }
}
