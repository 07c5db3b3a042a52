using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Starts the workflow of every tenant's Pending job: a crash between writing a job (or claiming its retry round) and
/// starting its workflow leaves it Pending with nothing running it. Starting is idempotent (the workflow instance id is
/// the job's and its round's), so a job whose workflow already exists is left as it is. The Server sweeps once at start
/// (<see cref="PendingJobRecovery"/>), the Functions app on a timer.
/// </summary>
public sealed class PendingJobSweeper(JobQueries queries, IJobRunner runner, TimeProvider time, ILogger<PendingJobSweeper> logger)
{
    /// <summary>
    /// Starts every Pending job that became Pending at least <paramref name="minAge"/> ago (younger ones are most likely
    /// being started right now by the request that wrote them; <see cref="TimeSpan.Zero"/> takes all). A job that fails
    /// to start is logged with its tenant and classified error, counted, and the sweep goes on with the next.
    /// </summary>
    public async Task<PendingJobSweepResult> SweepAsync(TimeSpan minAge, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minAge, TimeSpan.Zero);
        var cutoff = time.GetUtcNow() - minAge;
        int started = 0, tooYoung = 0, failed = 0;
        await foreach (var job in queries.PendingJobsAsync(cancellationToken))
        {
            if (minAge > TimeSpan.Zero && job.UpdatedAt > cutoff)
            {
                tooYoung++;
                continue;
            }

            if (await TryStartAsync(job, cancellationToken))
            {
                started++;
            }
            else
            {
                failed++;
            }
        }

        var result = new PendingJobSweepResult(started, tooYoung, failed);
        Report(result, minAge);
        return result;
    }

    private async Task<bool> TryStartAsync(JobEntity job, CancellationToken cancellationToken)
    {
        try
        {
            await runner.StartAsync(job.PartitionKey, job.RowKey, job.JobPriority, job.RetryRound, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Pending job {JobId} of tenant {TenantId} (round {Round}) could not be started ({ErrorClass}); the next sweep tries again",
                job.RowKey, job.PartitionKey, job.RetryRound, ActivityErrorClassifier.Classify(ex));
            return false;
        }
    }

    private void Report(PendingJobSweepResult result, TimeSpan minAge)
    {
        if (result.Failed > 0)
        {
            logger.LogWarning("Pending-job sweep: {Started} started, {Failed} failed, {TooYoung} younger than {MinAge} left for later",
                result.Started, result.Failed, result.TooYoung, minAge);
        }
        else if (result.Started > 0)
        {
            logger.LogInformation("Pending-job sweep: {Started} started, {TooYoung} younger than {MinAge} left for later",
                result.Started, result.TooYoung, minAge);
        }
    }
}

/// <summary>
/// What one sweep did: workflows started (or found already started), Pending jobs too young to touch, and jobs whose
/// start failed (each logged with its tenant, job and error class).
/// </summary>
public sealed record PendingJobSweepResult(int Started, int TooYoung, int Failed);
