using CatalogForge.Core.Jobs;
using CatalogForge.Functions.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace CatalogForge.Functions.Recovery;

/// <summary>
/// The Functions app's recovery of jobs written but never started (a crash between writing a job, or claiming its retry
/// round, and starting its orchestration): on a timer, Core's <see cref="PendingJobSweeper"/> starts every tenant's
/// Pending job older than <see cref="PendingJobSweepOptions.MinAge"/>, and <see cref="AbandonedJobWriteSweeper"/> deletes the
/// items of job writes abandoned half-way. Starting is idempotent (<see cref="DurableFunctionsWorkflowClient"/>
/// leaves an existing instance alone), and the host runs one timer invocation at a time across all instances.
/// </summary>
public sealed class PendingJobSweepFunction(
    PendingJobSweeper sweeper,
    AbandonedJobWriteSweeper abandonedWrites,
    DurableClientScope durable,
    IOptions<PendingJobSweepOptions> options,
    ILogger<PendingJobSweepFunction> logger)
{
    public const string Name = "PendingJobSweep";

    /// <summary>The app setting holding the schedule (six-field cron, e.g. <c>0 */5 * * * *</c>), resolved by the host.</summary>
    public const string ScheduleSetting = "PendingJobSweepSchedule";

    [Function(Name)]
    public async Task RunAsync(
        [TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        if (timer.IsPastDue)
        {
            logger.LogInformation("Pending-job sweep is running late (last scheduled {Last})", timer.ScheduleStatus?.Last);
        }

        PendingJobSweepResult result;
        using (durable.Use(client))
        {
            result = await sweeper.SweepAsync(options.Value.MinAge, context.CancellationToken);
        }

        var abandoned = await abandonedWrites.SweepAsync(options.Value.AbandonedWriteAge, context.CancellationToken);

        // Every failed start is already logged with its tenant and job; failing the invocation makes the sweep show as
        // failed in the host's monitoring too. The timer does not retry: the next occurrence tries those jobs again.
        if (result.Failed > 0 || abandoned.Failed > 0)
        {
            throw new PendingJobSweepException(result, abandoned);
        }
    }
}

/// <summary>A sweep that could not start some Pending jobs or clear some abandoned writes (each one logged by its sweeper).</summary>
public sealed class PendingJobSweepException(PendingJobSweepResult result, AbandonedJobWriteSweepResult abandoned)
    : Exception($"Pending-job sweep: {result.Failed} job(s) could not be started ({result.Started} started), " +
        $"{abandoned.Failed} abandoned write(s) could not be cleared; see the preceding errors.")
{
    public PendingJobSweepResult Result { get; } = result;
}
