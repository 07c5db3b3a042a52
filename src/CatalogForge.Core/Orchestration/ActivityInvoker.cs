using System.Diagnostics;
using CatalogForge.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// Runs one Core activity for the engine (a Durable activity function, or the Server's Durable Task worker): resolves it
/// from the given DI scope and turns a failure into a classified <see cref="ActivityOutcome{T}"/>, logged with context.
/// Cancellation by the host (shutdown, invocation timeout) is rethrown: it says nothing about the item, and the
/// orchestration's infrastructure retry runs the activity again.
/// </summary>
public static class ActivityInvoker
{
    public static async Task<ActivityOutcome<TOutput>> RunAsync<TActivity, TInput, TOutput>(
        IServiceProvider services, TInput input, string caller, CancellationToken cancellationToken)
        where TActivity : class, IActivity<TInput, TOutput>
    {
        var activity = services.GetRequiredService<TActivity>();
        using var span = CatalogForgeTelemetry.StartActivityRun(TActivity.Name, input);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var output = await activity.RunAsync(input, cancellationToken);
            CatalogForgeMetrics.ActivityRan(TActivity.Name, Stopwatch.GetElapsedTime(started), errorClass: null);
            return ActivityOutcome<TOutput>.Success(output);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var errorClass = ActivityErrorClassifier.Classify(ex);
            CatalogForgeMetrics.ActivityRan(TActivity.Name, Stopwatch.GetElapsedTime(started), errorClass.ToString());
            CatalogForgeTelemetry.Fail(span, errorClass.ToString(), ex.Message);
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ActivityInvoker)).LogWarning(
                ex, "Activity {Activity} ({Caller}) failed with {ErrorClass}", TActivity.Name, caller, errorClass);
            return ActivityOutcome<TOutput>.Failure(errorClass, WorkflowLimits.TruncateError(ex.Message));
        }
    }
}
