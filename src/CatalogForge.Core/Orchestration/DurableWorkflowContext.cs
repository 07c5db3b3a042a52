using CatalogForge.Core.Domain;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// <see cref="IWorkflowContext"/> over Durable's <see cref="TaskOrchestrationContext"/>: how Core's workflows run on the
/// Durable Task engine in both hosts (Durable Functions, and the Server's Durable Task Framework worker). Everything here is replay-safe: the clock is the orchestration's, keys become
/// deterministic child instance ids, logs go through the replay-safe logger.
/// <para>
/// Cancel (no new items, in-flight ones finish): the <see cref="IWorkflowClient"/> raises the <see cref="CancelEvent"/> on the root instance. Every instance waits for that event from its first line,
/// so <see cref="IsCancellationRequested"/> is a replay-safe read of an event in its history; a parent that sees it
/// forwards it to its running children (<c>SendEvent</c>), which then stop starting items too. Nothing is terminated:
/// termination would drop the results of activities in flight and leave items Running, whereas this way every
/// started item is saved or recorded as failed, the rest are marked Cancelled, and CompleteJob gives the job its
/// final status.
/// </para>
/// </summary>
public sealed class DurableWorkflowContext : IWorkflowContext
{
    public const string CancelEvent = "cancel";

    /// <summary>
    /// Retries for infrastructure failures only (a host stopped or timed out mid-activity): an activity's own failure
    /// comes back as data in <see cref="ActivityOutcome{T}"/> and is never retried here — the AI gateway already
    /// retried what is worth retrying.
    /// </summary>
    internal static readonly TaskOptions InfrastructureRetry =
        TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(10), backoffCoefficient: 2));

    private readonly TaskOrchestrationContext _context;
    private readonly Task<bool> _cancel;
    private readonly ILogger _logger;

    public DurableWorkflowContext(TaskOrchestrationContext context)
    {
        _context = context;
        _logger = context.CreateReplaySafeLogger(typeof(DurableWorkflowContext).FullName!);
        _cancel = context.WaitForExternalEvent<bool>(CancelEvent);
    }

    public string InstanceId => _context.InstanceId;

    public DateTime CurrentUtcDateTime => _context.CurrentUtcDateTime;

    public bool IsCancellationRequested => _cancel.IsCompletedSuccessfully;

    public ILogger Logger => _logger;

    public async Task<T> CallActivityAsync<T>(string activity, object? input, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(activity);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ActivityOutcome<T> outcome;
        try
        {
            outcome = await _context.CallActivityAsync<ActivityOutcome<T>>(
                new TaskName(DurableNames.Activity(activity)), input, InfrastructureRetry);
        }
        catch (TaskFailedException ex)
        {
            throw Failed(activity, key, ex);
        }

        if (outcome.ErrorClass is { } errorClass)
        {
            throw new ActivityFailedException(activity, key, errorClass, outcome.ErrorMessage ?? string.Empty);
        }

        return outcome.Result!;
    }

    public async Task<T> CallSubWorkflowAsync<T>(string workflow, object? input, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflow);
        var childId = ChildInstanceId(key);
        var child = _context.CallSubOrchestratorAsync<T>(
            new TaskName(DurableNames.Orchestrator(workflow)), input, new SubOrchestrationOptions(instanceId: childId));

        if (!_cancel.IsCompleted)
        {
            await Task.WhenAny(child, _cancel);
        }

        if (IsCancellationRequested && !child.IsCompleted)
        {
            _logger.LogInformation("Workflow {InstanceId} forwards cancellation to {ChildInstanceId}", InstanceId, childId);
            _context.SendEvent(childId, CancelEvent, true);
        }

        try
        {
            return await child;
        }
        catch (TaskFailedException ex)
        {
            throw Failed(workflow, key, ex);
        }
    }

    public void SetCustomStatus(object? status) => _context.SetCustomStatus(status);

    /// <summary>
    /// <c>{parent}:{key}</c>, with '/' (not allowed in the Azure Storage provider's table keys)
    /// written as '-': <c>tenant|job:chunk-00003</c>.
    /// </summary>
    public string ChildInstanceId(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Sub-workflow key '{key}' contains ':', which separates the parts of sub-workflow ids ({{parent}}:{{key}}).", nameof(key));
        }

        return $"{InstanceId}:{key.Replace('/', '-')}";
    }

    /// <summary>
    /// The task could not be run at all (retries exhausted on a host failure, or a child orchestration crashed): the
    /// orchestration gets it as a classified failure like any other, so the item or job records it.
    /// </summary>
    private ActivityFailedException Failed(string name, string key, TaskFailedException ex)
    {
        var errorClass = ex.FailureDetails.IsCausedBy<OperationCanceledException>() ? ErrorClass.Cancelled : ErrorClass.Unknown;
        _logger.LogWarning("Workflow {InstanceId}: {Name} ({Key}) failed in the Durable runtime with {ErrorType}: {Message}",
            InstanceId, name, key, ex.FailureDetails.ErrorType, ex.FailureDetails.ErrorMessage);
        return new ActivityFailedException(name, key, errorClass, WorkflowLimits.TruncateError(ex.FailureDetails.ErrorMessage));
    }
}
