using CatalogForge.Core.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Durable;

/// <summary>
/// Runs one Core activity for its Durable activity function: resolves it from the invocation's DI scope, and turns a
/// failure into a classified <see cref="ActivityOutcome{T}"/> (as the embedded engine memoises failures), logged with
/// context. Cancellation by the host (shutdown, invocation timeout) is rethrown: it says nothing about the item, and
/// the orchestration's retry policy runs the activity again.
/// </summary>
public static class ActivityRunner
{
    public static async Task<ActivityOutcome<TOutput>> RunAsync<TActivity, TInput, TOutput>(TInput input, FunctionContext context)
        where TActivity : class, IActivity<TInput, TOutput>
    {
        var services = context.InstanceServices;
        var activity = services.GetRequiredService<TActivity>();
        try
        {
            return ActivityOutcome<TOutput>.Success(await activity.RunAsync(input, context.CancellationToken));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var errorClass = ActivityErrorClassifier.Classify(ex);
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ActivityRunner)).LogWarning(
                ex, "Activity {Activity} (invocation {InvocationId}) failed with {ErrorClass}",
                TActivity.Name, context.InvocationId, errorClass);
            return ActivityOutcome<TOutput>.Failure(errorClass, WorkflowLimits.TruncateError(ex.Message));
        }
    }
}
