using CatalogForge.Core.Orchestration;
using DurableTask.Core.Exceptions;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CatalogForge.Functions.Durable;

/// <summary>
/// Core's <see cref="IWorkflowClient"/> (used by <c>ProductJobRunner</c>) over the invocation's Durable client. Instance ids
/// are Core's (<c>tenant|job</c>), so starting is idempotent.
/// </summary>
public sealed class DurableFunctionsWorkflowClient(DurableClientScope scope, ILogger<DurableFunctionsWorkflowClient> logger) : IWorkflowClient
{
    /// <summary>
    /// Does nothing when the instance exists in any status.
    /// </summary>
    /// <remarks>
    /// The existence check comes first because scheduling an id whose instance is Completed, Failed or Terminated
    /// would run it again (the extension's default <c>overridableExistingInstanceStates</c> is NonRunningStates). A
    /// Pending or Running instance makes the extension refuse the start; that refusal, from a concurrent starter between
    /// the check and the schedule, means the instance exists now, so it is not an error either.
    /// </remarks>
    public async Task StartAsync(
        string workflowName, string instanceId, object input, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (instanceId.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Instance id '{instanceId}' contains ':', which is reserved for sub-workflow ids.", nameof(instanceId));
        }

        var client = scope.Client;
        if (await client.GetInstanceAsync(instanceId, false, ct) is { } existing)
        {
            logger.LogInformation("Workflow {InstanceId} already exists ({Status}); not started again", instanceId, existing.RuntimeStatus);
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                new TaskName(DurableNames.Orchestrator(workflowName)), input, new StartOrchestrationOptions(instanceId), ct);
        }
        catch (Exception ex) when (IsAlreadyExists(ex))
        {
            logger.LogInformation("Workflow {InstanceId} was started concurrently; not started again ({Reason})", instanceId, ex.Message);
            return;
        }

        logger.LogInformation("Workflow {InstanceId} ({Workflow}) scheduled", instanceId, workflowName);
    }

    /// <summary>
    /// The extension answers a start on a Pending or Running instance with gRPC <c>AlreadyExists</c>; the gRPC client
    /// turns that into <see cref="OrchestrationAlreadyExistsException"/> (older clients let the <see cref="RpcException"/> through).
    /// </summary>
    internal static bool IsAlreadyExists(Exception exception) =>
        exception is OrchestrationAlreadyExistsException or RpcException { StatusCode: StatusCode.AlreadyExists };

    public async Task<WorkflowInstanceInfo?> GetAsync(string instanceId, CancellationToken ct = default) =>
        await scope.Client.GetInstanceAsync(instanceId, true, ct) is { } metadata ? ToInfo(metadata) : null;

    public async Task RaiseCancelAsync(string instanceId, CancellationToken ct = default)
    {
        await scope.Client.RaiseEventAsync(instanceId, DurableWorkflowContext.CancelEvent, true, ct);
        logger.LogInformation("Cancellation raised on workflow {InstanceId}", instanceId);
    }

    public async Task<WorkflowInstanceInfo> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            return ToInfo(await scope.Client.WaitForInstanceCompletionAsync(instanceId, true, deadline.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Workflow {instanceId} did not finish within {timeout}.");
        }
    }

    internal static WorkflowInstanceInfo ToInfo(OrchestrationMetadata metadata) => new()
    {
        InstanceId = metadata.InstanceId,
        WorkflowName = DurableNames.Workflow(metadata.Name),
        Status = metadata.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => WorkflowStatus.Completed,
            OrchestrationRuntimeStatus.Failed => WorkflowStatus.Failed,
            OrchestrationRuntimeStatus.Terminated => WorkflowStatus.Cancelled,
            _ => WorkflowStatus.Running,
        },
        InputJson = metadata.SerializedInput ?? "null",
        OutputJson = metadata.SerializedOutput,
        CustomStatusJson = metadata.SerializedCustomStatus,
        Error = metadata.FailureDetails?.ErrorMessage,
        CreatedAt = metadata.CreatedAt,
        UpdatedAt = metadata.LastUpdatedAt,
    };
}
