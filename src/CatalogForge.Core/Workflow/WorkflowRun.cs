using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// One execution of a root instance in this process (a fresh start or a resume), shared by the root context and the
/// contexts of its sub-workflows: cancel flag, interruption flag, scheduling keys, custom status, completion.
/// </summary>
internal sealed class WorkflowRun(
    WorkflowInstanceInfo instance,
    DateTime startedAtUtc,
    bool historyKnownEmpty,
    CustomStatusPublisher customStatus)
{
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
    /// True when the instance row was created by this process just before this run, so no history can exist for it
    /// (or for its sub-workflows, whose ids derive from it): memo reads are skipped.
    /// </summary>
    public bool HistoryKnownEmpty { get; } = historyKnownEmpty;

    public CustomStatusPublisher CustomStatus { get; } = customStatus;

    public bool IsCancellationRequested => _cancellationRequested;

    /// <summary>Some call could not complete because the host is stopping; the run's outcome must not be recorded.</summary>
    public bool IsInterrupted => _interrupted;

    public Task Completion => _finished.Task;

    public void RequestCancellation() => _cancellationRequested = true;

    public void MarkInterrupted() => _interrupted = true;

    public void MarkFinished() => _finished.TrySetResult();
}
