using CatalogForge.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Runs one activity call that has no memo yet: waits for a scheduler slot, runs the activity from a fresh DI scope,
/// classifies a failure, and memoises the result or failure before returning. The memo write happens inside the slot,
/// so a shutdown drain waits for it. Cancellation caused by host shutdown is never memoised.
/// </summary>
internal sealed class ActivityExecutor(
    ActivityScheduler scheduler,
    WorkflowHistoryStore history,
    WorkflowEngineLifetime lifetime,
    IServiceScopeFactory scopes,
    ILogger<ActivityExecutor> logger)
{
    /// <param name="instanceId">The calling (root or sub-) instance, for logs.</param>
    /// <param name="order">The calling instance's start sequence (<see cref="ActivityDispatch.Order"/>).</param>
    /// <param name="rowKey">Where the memo goes in the root's history partition.</param>
    public async Task<string> ExecuteAsync(
        WorkflowRun run, string instanceId, long order, string rowKey, ActivityRegistration activity, string key, string inputJson)
    {
        try
        {
            return await scheduler.RunAsync(
                new ActivityDispatch(run.Priority, run.TenantId, instanceId, key, order),
                () => RunAndMemoiseAsync(run, instanceId, rowKey, activity, key, inputJson));
        }
        catch (OperationCanceledException ex) when (lifetime.IsStopping && ex is not WorkflowInterruptedException)
        {
            run.MarkInterrupted();
            throw new WorkflowInterruptedException(instanceId, key, lifetime.Stopping);
        }
    }

    private async Task<string> RunAndMemoiseAsync(
        WorkflowRun run, string instanceId, string rowKey, ActivityRegistration activity, string key, string inputJson)
    {
        HistoryRecord record;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var resultJson = await activity.RunAsync(scope.ServiceProvider, inputJson, lifetime.ActivityAbort);
            record = resultJson.Length <= WorkflowLimits.MaxPayloadChars
                ? HistoryRecord.Success(CallKind.Activity, activity.Name, resultJson)
                : TooLarge(instanceId, activity.Name, key, resultJson.Length);
        }
        catch (OperationCanceledException) when (lifetime.IsStopping)
        {
            logger.LogInformation(
                "Workflow {InstanceId} activity {Activity} ({Key}) was cancelled by host shutdown; not memoised, it runs again on resume",
                instanceId, activity.Name, key);
            run.MarkInterrupted();
            throw new WorkflowInterruptedException(instanceId, key, lifetime.ActivityAbort);
        }
        catch (Exception ex)
        {
            var errorClass = ActivityErrorClassifier.Classify(ex);
            logger.LogWarning(
                ex, "Workflow {InstanceId} activity {Activity} ({Key}) failed with {ErrorClass}",
                instanceId, activity.Name, key, errorClass);
            record = HistoryRecord.Failure(CallKind.Activity, activity.Name, errorClass, WorkflowLimits.TruncateError(ex.Message));
        }

        await history.WriteAsync(run.InstanceId, rowKey, record);
        return record.IsFailure
            ? throw new ActivityFailedException(activity.Name, key, record.ErrorClass!.Value, record.ErrorMessage ?? string.Empty)
            : record.ResultJson!;
    }

    private HistoryRecord TooLarge(string instanceId, string activity, string key, int length)
    {
        var message =
            $"Activity {activity} returned {length} characters of JSON; the limit is {WorkflowLimits.MaxPayloadChars}. " +
            "Activity outputs must be small refs (ids, blob names, counts): write big payloads to blob storage and return their name.";
        logger.LogWarning(
            "Workflow {InstanceId} activity {Activity} ({Key}) failed with {ErrorClass}: output of {Length} characters is too large",
            instanceId, activity, key, ErrorClass.InvalidOutput, length);
        return HistoryRecord.Failure(CallKind.Activity, activity, ErrorClass.InvalidOutput, message);
    }
}
