namespace CatalogForge.Core.Workflow;

/// <summary>
/// What an orchestration may do. Implemented by the embedded engine (this project) and by the
/// Durable Functions adapter (CatalogForge.Functions). Orchestration code must be deterministic:
/// no I/O, no clock but <see cref="CurrentUtcDateTime"/>, no random ids; every side effect is an activity.
/// </summary>
public interface IWorkflowContext
{
    string InstanceId { get; }

    /// <summary>Replay-safe clock.</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>True once cancellation was requested for the root instance; orchestrations stop starting new work.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>
    /// Runs an activity once per (instance, key). The key is stable across replays and restarts,
    /// e.g. <c>gen/00042</c>. A failed activity throws <see cref="ActivityFailedException"/>.
    /// </summary>
    Task<T> CallActivityAsync<T>(string activity, object? input, string key);

    /// <summary>Runs a child orchestration once per (instance, key); its instance id is derived from this one and the key.</summary>
    Task<T> CallSubWorkflowAsync<T>(string workflow, object? input, string key);

    /// <summary>A small status object (Durable caps it at 16 KB).</summary>
    void SetCustomStatus(object? status);
}
