using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// One execution of a root instance in this process (a fresh start or a resume), shared by the root context and the
/// contexts of its sub-workflows: cancel flag, interruption flag, scheduling keys, custom status, completion.
/// </summary>
internal sealed class WorkflowRun(
    WorkflowInstanceInfo instance,
    DateTime startedAtUtc,
    bool isResume,
    CustomStatusPublisher customStatus)
{
    private static readonly IReadOnlyDictionary<string, HistoryRecord> NoMemos = new Dictionary<string, HistoryRecord>();

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _cancellationRequested = instance.CancelRequested;
    private volatile bool _interrupted;

    public string InstanceId => instance.InstanceId;

    public string WorkflowName => instance.WorkflowName;

    public string InputJson => instance.InputJson;

    public JobPriority Priority => instance.Priority;

    public string? TenantId => instance.TenantId;

    /// <summary>The clock value orchestrations see for this run (see <see cref="EmbeddedWorkflowContext.CurrentUtcDateTime"/>).</summary>
    public DateTime StartedAtUtc { get; } = startedAtUtc;

    /// <summary>
    /// False when the instance row was created by this process just before this run: no history can exist for it (or
    /// its sub-workflows, which share its partition), so nothing is loaded. A resumed run loads the partition once.
    /// </summary>
    public bool IsResume { get; } = isResume;

    /// <summary>Memos that existed when the run started, by history row key (set once, before the orchestration runs).</summary>
    public IReadOnlyDictionary<string, HistoryRecord> Memos { get; set; } = NoMemos;

    public CustomStatusPublisher CustomStatus { get; } = customStatus;

    public bool IsCancellationRequested => _cancellationRequested;

    /// <summary>Some call could not complete because the host is stopping; the run's outcome must not be recorded.</summary>
    public bool IsInterrupted => _interrupted;

    public Task Completion => _finished.Task;

    public void RequestCancellation() => _cancellationRequested = true;

    public void MarkInterrupted() => _interrupted = true;

    public void MarkFinished() => _finished.TrySetResult();
}
