using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Gives every unfinished job a way to its end. A crash between writing a job (or claiming its retry round) and starting
/// its workflow leaves it Pending with nothing running it: the sweep starts it. Starting is idempotent (the workflow
/// instance id is the job's and its round's), so a job whose workflow already runs is left as it is. A job whose
/// workflow has ended while its row still says Pending or Running lost its end (the step that records a failure failed
/// itself, or the workflow was terminated): the sweep settles it <c>Failed</c>. The Server sweeps at start and on a
/// timer (<c>PendingJobSweepService</c>), the Functions app on a timer.
/// </summary>
public sealed class PendingJobSweeper(
    JobQueries queries, JobRepository jobs, IJobRunner runner, TimeProvider time, ILogger<PendingJobSweeper> logger)
{
    /// <summary>What a job settled by the sweep says: its workflow ended without recording how.</summary>
    public const string SettledMessage =
        "The job's workflow ended without recording the job's end (its last step failed). It was logged; quote the job id when you report it.";

    /// <summary>
    /// Looks at every unfinished job that last changed at least <paramref name="minAge"/> ago (younger ones are most likely
    /// being started right now by the request that wrote them; <see cref="TimeSpan.Zero"/> takes all). A job that fails
    /// to start or settle is logged with its tenant and classified error, counted, and the sweep goes on with the next.
    /// </summary>
    public async Task<PendingJobSweepResult> SweepAsync(TimeSpan minAge, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minAge, TimeSpan.Zero);
        var cutoff = time.GetUtcNow() - minAge;
        int started = 0, tooYoung = 0, failed = 0, settled = 0;
        await foreach (var job in queries.UnfinishedJobsAsync(cancellationToken))
        {
            if (minAge > TimeSpan.Zero && job.UpdatedAt > cutoff)
            {
                tooYoung++;
                continue;
            }

            switch (await TrySweepAsync(job, cancellationToken))
            {
                case SweepStep.Started: started++; break;
                case SweepStep.Settled: settled++; break;
                case SweepStep.Failed: failed++; break;
            }
        }

        var result = new PendingJobSweepResult(started, tooYoung, failed, settled);
        Report(result, minAge);
        return result;
    }

    private async Task<SweepStep> TrySweepAsync(JobEntity job, CancellationToken cancellationToken)
    {
        try
        {
            var state = await runner.GetRoundStateAsync(job.PartitionKey, job.RowKey, job.RetryRound, cancellationToken);
            if (state == RoundState.Ended)
            {
                return await SettleAsync(job, cancellationToken) ? SweepStep.Settled : SweepStep.None;
            }

            if (job.JobStatus != JobStatus.Pending)
            {
                return SweepStep.None; // Running with its workflow running: nothing to do.
            }

            await runner.StartAsync(job.PartitionKey, job.RowKey, job.JobPriority, job.RetryRound, cancellationToken);
            return SweepStep.Started;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Unfinished job {JobId} of tenant {TenantId} (round {Round}) could not be swept ({ErrorClass}); the next sweep tries again",
                job.RowKey, job.PartitionKey, job.RetryRound, ActivityErrorClassifier.Classify(ex));
            return SweepStep.Failed;
        }
    }

    /// <summary>Marks the job Failed, unless it finished or moved to another round since it was read.</summary>
    private async Task<bool> SettleAsync(JobEntity swept, CancellationToken cancellationToken)
    {
        var changed = false;
        await jobs.UpdateAsync(swept.PartitionKey, swept.RowKey, row =>
        {
            changed = !row.JobStatus.IsTerminal() && row.RetryRound == swept.RetryRound;
            if (changed)
            {
                row.JobStatus = JobStatus.Failed;
                row.ErrorsJson = JsonSerializer.Serialize(new[] { new ErrorSummary(ErrorClass.Unknown, 1, SettledMessage) }, CatalogJson.Options);
                row.CompletedAt = time.GetUtcNow();
            }

            return changed;
        }, cancellationToken);

        if (changed)
        {
            logger.LogError("Job {JobId} of tenant {TenantId} (round {Round}) was still {Status} after its workflow ended: settled Failed",
                swept.RowKey, swept.PartitionKey, swept.RetryRound, swept.JobStatus);
        }

        return changed;
    }

    private void Report(PendingJobSweepResult result, TimeSpan minAge)
    {
        if (result.Failed > 0)
        {
            logger.LogWarning("Pending-job sweep: {Started} started, {Settled} settled, {Failed} failed, {TooYoung} younger than {MinAge} left for later",
                result.Started, result.Settled, result.Failed, result.TooYoung, minAge);
        }
        else if (result.Started > 0 || result.Settled > 0)
        {
            logger.LogInformation("Pending-job sweep: {Started} started, {Settled} settled, {TooYoung} younger than {MinAge} left for later",
                result.Started, result.Settled, result.TooYoung, minAge);
        }
    }

    private enum SweepStep
    {
        None,
        Started,
        Settled,
        Failed,
    }
}

/// <summary>
/// What one sweep did: workflows started (or found already started), unfinished jobs too young to touch, jobs whose
/// start or settling failed (each logged with its tenant, job and error class), and jobs settled Failed because their
/// workflow had ended without recording their end.
/// </summary>
public sealed record PendingJobSweepResult(int Started, int TooYoung, int Failed, int Settled = 0);
