namespace CatalogForge.Core.Orchestration;

/// <summary>
/// What the API and ingestion need from the orchestration engine, whichever host runs it: Durable Functions
/// (<c>DurableTaskClient</c>) in the Functions app, the Durable Task Framework (<c>TaskHubClient</c>) in the Server.
/// Workflow names are Core's (<c>ProductJob</c>); each client maps them to the engine's orchestrator names.
/// </summary>
public interface IWorkflowClient
{
    /// <summary>
    /// Starts the orchestration under <paramref name="instanceId"/>. Idempotent: when an instance with that id exists
    /// in any status, nothing happens. Instance ids may not contain <c>':'</c> (it separates sub-orchestration ids).
    /// </summary>
    Task StartAsync(string workflowName, string instanceId, object input, CancellationToken ct = default);

    /// <summary>The instance's state, or null when there is none.</summary>
    Task<WorkflowInstanceInfo?> GetAsync(string instanceId, CancellationToken ct = default);

    /// <summary>
    /// Raises <see cref="DurableWorkflowContext.CancelEvent"/> on the instance: it stops starting new work and forwards
    /// the event to its running children; dispatched activities finish.
    /// </summary>
    Task RaiseCancelAsync(string instanceId, CancellationToken ct = default);

    /// <summary>Waits until the instance is no longer running; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    Task<WorkflowInstanceInfo> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken ct = default);
}
