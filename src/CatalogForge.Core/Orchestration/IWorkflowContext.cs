using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// What an orchestration may do: <see cref="DurableWorkflowContext"/> on the Durable Task engine, a scripted fake in
/// tests. It keeps the workflows small: failures come back classified, cancel is a flag, child ids derive from keys.
/// Orchestration code must be deterministic:
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
    /// Runs an activity (at least once: its side effects are idempotent). The key names the call in logs and failures,
    /// e.g. <c>gen/00042</c>. A failed activity throws <see cref="ActivityFailedException"/> with its error class.
    /// </summary>
    Task<T> CallActivityAsync<T>(string activity, object? input, string key);

    /// <summary>Runs a child orchestration once per (instance, key); its instance id is derived from this one and the key.</summary>
    Task<T> CallSubWorkflowAsync<T>(string workflow, object? input, string key);

    /// <summary>A replay-safe logger: what it writes appears once, not again on every replay.</summary>
    ILogger Logger { get; }

    /// <summary>A small status object (Durable caps it at 16 KB).</summary>
    void SetCustomStatus(object? status);
}
