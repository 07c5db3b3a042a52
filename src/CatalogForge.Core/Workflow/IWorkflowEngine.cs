namespace CatalogForge.Core.Workflow;

/// <summary>
/// Client API of the embedded engine (Server, tests, benchmarks). Instances are plain async C# whose activity results
/// are memoised in Azure Tables, so re-running an instance after a stop or crash skips every activity already done.
/// </summary>
public interface IWorkflowEngine
{
    /// <summary>
    /// Creates the instance and runs it on the thread pool. Idempotent: if <paramref name="instanceId"/> exists
    /// (in any status) nothing happens. Instance ids may not contain <c>':'</c> (reserved for sub-workflow ids).
    /// </summary>
    Task StartAsync(
        string workflowName,
        string instanceId,
        object? input,
        WorkflowStartOptions? options = null,
        CancellationToken ct = default);

    /// <summary>The stored state of a root instance, or null if there is none.</summary>
    Task<WorkflowInstanceInfo?> GetAsync(string instanceId, CancellationToken ct = default);

    /// <summary>
    /// Persists the cancel flag and signals the instance if it runs in this process. The orchestration sees
    /// <see cref="IWorkflowContext.IsCancellationRequested"/> and stops starting new work; dispatched activities finish.
    /// </summary>
    Task RequestCancellationAsync(string instanceId, CancellationToken ct = default);

    /// <summary>Polls until the instance is no longer Running; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    Task<WorkflowInstanceInfo> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken ct = default);

    /// <summary>Re-runs every root instance still Running in storage that this process is not running; returns how many.</summary>
    Task<int> ResumePendingAsync(CancellationToken ct = default);
}
