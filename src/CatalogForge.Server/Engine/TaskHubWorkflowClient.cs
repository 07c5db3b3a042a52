using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Orchestration;
using DurableTask.Core;

namespace CatalogForge.Server.Engine;

/// <summary>Core's <see cref="IWorkflowClient"/> over DurableTask.Core's <see cref="TaskHubClient"/> on the Server's task hub.</summary>
internal sealed partial class TaskHubWorkflowClient(TaskHub hub, ILogger<TaskHubWorkflowClient> logger) : IWorkflowClient
{
    /// <summary>Every status: an instance id is used once, so a start finding any instance does nothing.</summary>
    private static readonly OrchestrationStatus[] AnyStatus = Enum.GetValues<OrchestrationStatus>();

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <remarks>
    /// The provider checks the instance table and, finding the id in a status listed here, returns without sending
    /// (<c>ThrowExceptionOnInvalidDedupeStatus</c> is off). Two starts racing past that check both send a start message;
    /// the worker keeps the first and drops the second as a duplicate execution start.
    /// </remarks>
    public async Task StartAsync(string workflowName, string instanceId, object input, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowName);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(input);
        if (instanceId.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Instance id '{instanceId}' contains ':', which is reserved for sub-orchestration ids.", nameof(instanceId));
        }

        await hub.Client.CreateOrchestrationInstanceAsync(
            DurableNames.Orchestrator(workflowName), string.Empty, instanceId, input, tags: null, AnyStatus).WaitAsync(ct);
        LogStarted(instanceId, workflowName);
    }

    public async Task<WorkflowInstanceInfo?> GetAsync(string instanceId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return await hub.Client.GetOrchestrationStateAsync(instanceId).WaitAsync(ct) is { } state ? ToInfo(state) : null;
    }

    public async Task RaiseCancelAsync(string instanceId, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await hub.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, DurableWorkflowContext.CancelEvent, true)
            .WaitAsync(ct);
        LogCancelRaised(instanceId);
    }

    /// <summary>
    /// Polls the instance table (TaskHubClient's own wait polls too, with a coarser interval and no cancellation). A read
    /// that fails on storage (busy, unreachable, timed out) is logged and polled again until the timeout: the
    /// orchestration goes on regardless, so a waiter must not give up on it over one failed look.
    /// </summary>
    public async Task<WorkflowInstanceInfo> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken ct = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                try
                {
                    if (await GetAsync(instanceId, deadline.Token) is { IsTerminal: true } done)
                    {
                        return done;
                    }
                }
                catch (Exception ex) when (!deadline.IsCancellationRequested && IngestFailures.DescribeStorageFailure(ex) is { } reason)
                {
                    LogStatusReadFailed(instanceId, reason);
                }

                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"Orchestration {instanceId} did not finish within {timeout}.");
        }
    }

    internal static WorkflowInstanceInfo ToInfo(OrchestrationState state) => new()
    {
        InstanceId = state.OrchestrationInstance.InstanceId,
        WorkflowName = DurableNames.Workflow(state.Name),
        Status = state.OrchestrationStatus switch
        {
            OrchestrationStatus.Completed => WorkflowStatus.Completed,
            OrchestrationStatus.Failed => WorkflowStatus.Failed,
            OrchestrationStatus.Terminated or OrchestrationStatus.Canceled => WorkflowStatus.Cancelled,
            _ => WorkflowStatus.Running,
        },
        InputJson = state.Input ?? "null",
        OutputJson = state.Output,
        CustomStatusJson = state.Status,
        Error = state.FailureDetails?.ErrorMessage ?? (state.OrchestrationStatus == OrchestrationStatus.Failed ? state.Output : null),
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        UpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Orchestration {InstanceId} ({Workflow}) started, or found already started")]
    private partial void LogStarted(string instanceId, string workflow);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancellation raised on orchestration {InstanceId}")]
    private partial void LogCancelRaised(string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the status of orchestration {InstanceId} failed ({Reason}); polling again")]
    private partial void LogStatusReadFailed(string instanceId, string reason);
}
