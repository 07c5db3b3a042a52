namespace CatalogForge.Core.Workflow;

/// <summary>
/// Thrown into an orchestration when the host is stopping and a call can no longer be dispatched (or its activity
/// was cancelled at the end of the drain window). Never memoised: the instance stays Running and resumes on the next host.
/// </summary>
internal sealed class WorkflowInterruptedException(string instanceId, string key, CancellationToken token)
    : OperationCanceledException(
        $"Workflow {instanceId} was interrupted by host shutdown before call '{key}' completed; it resumes on the next start.",
        token);
