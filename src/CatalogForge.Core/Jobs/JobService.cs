using CatalogForge.Core.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// The job API: validates a request, reads and writes through <see cref="JobRepository"/> and <see cref="JobQueries"/>,
/// and starts or cancels a job's rounds through <see cref="IJobRunner"/>.
/// </summary>
public sealed class JobService(
    JobRequestValidator validator,
    JobRepository jobs,
    JobQueries queries,
    JobItemCounter counter,
    IJobRunner runner,
    IOptionsMonitor<JobLimits> limits,
    TimeProvider time,
    ILogger<JobService> logger) : IJobService
{
    /// <summary>
    /// Submits a job, or throws <see cref="TenantCapExceededException"/> (nothing written) when the tenant is at one of
    /// its caps; a resubmission of a job that exists answers with that job whatever the caps.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(string tenantId, SubmitJobRequest request, CancellationToken cancellationToken)
    {
        var (job, errors) = validator.Validate(request);
        if (job is null)
        {
            return SubmitResult.Invalid(errors);
        }

        var caps = limits.CurrentValue.Caps;
        await EnsureRoomAsync(tenantId, job, caps, cancellationToken);
        var createdAt = time.GetUtcNow();
        var jobId = JobIds.New(createdAt);
        if (job.IdempotencyKey is { } key)
        {
            // The key is bound to the content of its first request: the same content answers with the job, other
            // content is a conflict (nothing written), never a job that mixes the items of two bodies.
            var claim = await jobs.ClaimIdempotencyKeyAsync(tenantId, key, jobId, job.ContentHash(), cancellationToken);
            if (!claim.SameBody)
            {
                logger.LogInformation("Idempotency key of job {JobId} (tenant {TenantId}) sent again with other content: refused",
                    claim.JobId, tenantId);
                return new SubmitResult(Accepted(claim.JobId, JobStatus.Pending), null, Existing: true, Conflict: true);
            }

            if (!claim.New && await jobs.GetAsync(tenantId, claim.JobId, cancellationToken) is { } existing)
            {
                if (existing.JobStatus == JobStatus.Pending)
                {
                    // Its start failed (or has not happened yet): starting is idempotent, so a resubmission is a retry of it.
                    await runner.StartAsync(tenantId, existing.RowKey, existing.JobPriority, existing.RetryRound, cancellationToken);
                }

                return new SubmitResult(Accepted(existing.RowKey, existing.JobStatus), null, Existing: true);
            }

            // Claimed before a failure that stopped short of writing the job row: finish writing it under the claimed id.
            // Its items are the same content (same hash), and items written earlier are kept as they are.
            jobId = claim.JobId;
        }

        // Items first, then the job row: a job that exists always has all its items. A concurrent submission with the
        // same idempotency key may have written it first: then it is already counted.
        await jobs.WriteNewAsync(tenantId, jobId, job, createdAt, caps, cancellationToken);
        await runner.StartAsync(tenantId, jobId, job.Priority, round: 0, cancellationToken);
        Telemetry.CatalogForgeMetrics.JobEntered(tenantId, nameof(JobStatus.Pending));
        logger.LogInformation("Job {JobId} ({Kind}, {ItemCount} items) submitted for tenant {TenantId}",
            jobId, job.Kind, job.ItemsJson.Count, tenantId);
        return new SubmitResult(Accepted(jobId, JobStatus.Pending), null);
    }

    /// <summary>The cap check before anything is written (the idempotency claim included), except for the replay of a job that exists.</summary>
    private async Task EnsureRoomAsync(string tenantId, ValidatedJob job, JobCaps caps, CancellationToken cancellationToken)
    {
        try
        {
            await jobs.EnsureRoomAsync(tenantId, job.ItemsJson.Count, caps, cancellationToken);
        }
        catch (TenantCapExceededException) when (job.IdempotencyKey is not null)
        {
            // A replay answers with the existing job (or 409 for other content) and writes no new one.
            if (await jobs.FindIdempotencyClaimAsync(tenantId, job.IdempotencyKey, cancellationToken) is not { } claimed
                || await jobs.GetAsync(tenantId, claimed, cancellationToken) is null)
            {
                throw;
            }
        }
    }

    public async Task<JobView?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var row = await jobs.GetAsync(tenantId, jobId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var live = row.JobStatus.IsTerminal() ? null : await counter.CountAsync(tenantId, jobId, cancellationToken);
        return JobViews.ToView(row, live);
    }

    public async Task<JobListPage> ListAsync(string tenantId, JobListQuery query, CancellationToken cancellationToken)
    {
        var totals = jobs.GetTotalsAsync(tenantId, cancellationToken);
        var page = await queries.ListJobsAsync(tenantId, query, cancellationToken);
        return new JobListPage(page.Items.Select(row => JobViews.ToView(row, null)).ToList(), page.ContinuationToken, await totals);
    }

    public async Task<Page<JobItemView>?> GetItemsAsync(string tenantId, string jobId, JobItemQuery query, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(tenantId, jobId, cancellationToken) is null)
        {
            return null;
        }

        var page = await queries.ListItemsAsync(tenantId, jobId, query, cancellationToken);
        return new Page<JobItemView>(page.Items.Select(JobViews.ToView).ToList(), page.ContinuationToken);
    }

    public async Task<CancelOutcome> CancelAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var row = await jobs.GetAsync(tenantId, jobId, cancellationToken);
        if (row is null)
        {
            return CancelOutcome.NotFound;
        }

        if (row.JobStatus.IsTerminal())
        {
            return CancelOutcome.AlreadyFinished;
        }

        await jobs.UpdateAsync(tenantId, jobId, r =>
        {
            if (r.CancelRequested)
            {
                return false;
            }

            r.CancelRequested = true;
            return true;
        }, cancellationToken);
        await runner.RequestCancelAsync(tenantId, jobId, row.RetryRound, cancellationToken);
        logger.LogInformation("Cancellation requested for job {JobId} of tenant {TenantId}", jobId, tenantId);
        return CancelOutcome.CancellationRequested;
    }

    public async Task<RetryResult> RetryFailedAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var row = await jobs.GetAsync(tenantId, jobId, cancellationToken);
        if (row is null)
        {
            return new RetryResult(RetryOutcome.NotFound, 0);
        }

        var caps = limits.CurrentValue.Caps;
        if (row.JobStatus.IsTerminal() && row.Failed > 0)
        {
            // A retry round makes the job unfinished again, its items queued again: checked here before anything is
            // written, and again in the transaction that claims the round.
            await jobs.EnsureRoomAsync(tenantId, row.ItemCount, caps, cancellationToken);
        }

        // The claim: a finished job with failed items becomes Pending in its next round. Concurrent retries race on
        // the row's ETag, so exactly one of them starts the round.
        var claimed = false;
        row = await jobs.UpdateAsync(tenantId, jobId, r =>
        {
            claimed = r.JobStatus.IsTerminal() && r.Failed > 0;
            if (claimed)
            {
                r.JobStatus = JobStatus.Pending;
                r.RetryRound += 1;
                r.CancelRequested = false;
                r.CompletedAt = null;
                r.ErrorsJson = null;
            }

            return claimed;
        }, caps, cancellationToken);

        if (!claimed)
        {
            return row.JobStatus.IsTerminal()
                ? new RetryResult(RetryOutcome.NothingToRetry, 0)
                : new RetryResult(RetryOutcome.StillRunning, 0);
        }

        // A crash here leaves the job Pending: PendingJobSweeper starts this round (the Server at its next start, the Functions app on its timer).
        await runner.StartAsync(tenantId, jobId, row.JobPriority, row.RetryRound, cancellationToken);
        logger.LogInformation("Job {JobId} of tenant {TenantId}: retry round {Round} started for {Failed} failed items",
            jobId, tenantId, row.RetryRound, row.Failed);
        return new RetryResult(RetryOutcome.Retrying, row.Failed);
    }

    private static JobAccepted Accepted(string jobId, JobStatus status) => new(jobId, status, $"/api/jobs/{jobId}");
}
