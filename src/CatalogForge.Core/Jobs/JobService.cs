using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Workflows;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tenancy;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Jobs;

public sealed class JobService(
    JobRequestValidator validator,
    CatalogTables tables,
    JobRepository jobs,
    JobItemCounter counter,
    IWorkflowClient workflows,
    TimeProvider time,
    ILogger<JobService> logger) : IJobService
{
    public async Task<SubmitResult> SubmitAsync(string tenantId, SubmitJobRequest request, CancellationToken cancellationToken)
    {
        var (job, errors) = validator.Validate(request);
        if (job is null)
        {
            return SubmitResult.Invalid(errors);
        }

        var createdAt = time.GetUtcNow();
        var jobId = JobIds.New(createdAt);
        if (job.IdempotencyKey is { } key)
        {
            var claimed = await ClaimIdempotencyKeyAsync(tenantId, key, jobId, cancellationToken);
            if (claimed != jobId && await jobs.GetAsync(tenantId, claimed, cancellationToken) is { } existing)
            {
                return new SubmitResult(Accepted(existing.RowKey, Enum.Parse<JobStatus>(existing.Status)), null, Existing: true);
            }

            // Claimed before a crash that stopped short of writing the job: finish writing it under the claimed id.
            jobId = claimed;
        }

        await WriteJobAsync(tenantId, jobId, job, createdAt, cancellationToken);
        await StartAsync(tenantId, jobId, job.Priority, round: 0, cancellationToken);
        logger.LogInformation("Job {JobId} ({Kind}, {ItemCount} items) submitted for tenant {TenantId}",
            jobId, job.Kind, job.ItemsJson.Count, tenantId);
        return new SubmitResult(Accepted(jobId, JobStatus.Pending), null);
    }

    /// <summary>Starts (or, after a crash, re-starts) the job's first run.</summary>
    public Task StartAsync(string tenantId, string jobId, JobPriority priority, CancellationToken cancellationToken) =>
        StartAsync(tenantId, jobId, priority, round: 0, cancellationToken);

    /// <summary>Starts (or, after a crash, re-starts) a round of the job's workflow; idempotent because the instance id is the job's and the round's.</summary>
    public Task StartAsync(string tenantId, string jobId, JobPriority priority, int round, CancellationToken cancellationToken) =>
        workflows.StartAsync(ProductJobWorkflow.Name, ProductIds.JobInstanceId(tenantId, jobId, round),
            new JobRef(tenantId, jobId, round, priority), cancellationToken);

    public async Task<JobView?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var row = await jobs.GetAsync(tenantId, jobId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var terminal = Enum.Parse<JobStatus>(row.Status).IsTerminal();
        var live = terminal ? null : await counter.CountAsync(tenantId, jobId, cancellationToken);
        return JobViews.ToView(row, live);
    }

    public async Task<JobListPage> ListAsync(string tenantId, JobListQuery query, CancellationToken cancellationToken)
    {
        // Job ids sort newest first, so the created range is a row-key range; the totals row sorts after every job id.
        var upper = query.CreatedFrom is { } from ? JobIds.RowKeyBound(from) : JobTotalsEntity.RowKeyValue;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey lt {upper}");
        if (query.CreatedTo is { } to)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {JobIds.RowKeyBound(to)}");
        }

        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        if (query.Kind is { } kind)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Kind eq {kind.ToString()}");
        }

        var totals = jobs.GetTotalsAsync(tenantId, cancellationToken);
        var page = await OnePageAsync(tables.Jobs, filter, query.ContinuationToken, query.PageSize,
            (JobEntity row) => JobViews.ToView(row, null), cancellationToken);
        return new JobListPage(page.Items, page.ContinuationToken, await totals);
    }

    public async Task<Page<JobItemView>?> GetItemsAsync(string tenantId, string jobId, JobItemQuery query, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(tenantId, jobId, cancellationToken) is null)
        {
            return null;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ProductIds.ItemPartition(tenantId, jobId)}");
        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        return await OnePageAsync(tables.JobItems, filter, query.ContinuationToken, query.PageSize,
            (JobItemEntity row) => JobViews.ToView(row), cancellationToken);
    }

    public async Task<CancelOutcome> CancelAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var row = await jobs.GetAsync(tenantId, jobId, cancellationToken);
        if (row is null)
        {
            return CancelOutcome.NotFound;
        }

        if (Enum.Parse<JobStatus>(row.Status).IsTerminal())
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
        await workflows.RaiseCancelAsync(ProductIds.JobInstanceId(tenantId, jobId, row.RetryRound), cancellationToken);
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

        // The claim: a finished job with failed items becomes Pending in its next round. Concurrent retries race on
        // the row's ETag, so exactly one of them starts the round.
        var claimed = false;
        row = await jobs.UpdateAsync(tenantId, jobId, r =>
        {
            claimed = Enum.Parse<JobStatus>(r.Status).IsTerminal() && r.Failed > 0;
            if (claimed)
            {
                r.Status = nameof(JobStatus.Pending);
                r.RetryRound += 1;
                r.CancelRequested = false;
                r.CompletedAt = null;
                r.ErrorsJson = null;
            }

            return claimed;
        }, cancellationToken);

        if (!claimed)
        {
            return Enum.Parse<JobStatus>(row.Status).IsTerminal()
                ? new RetryResult(RetryOutcome.NothingToRetry, 0)
                : new RetryResult(RetryOutcome.StillRunning, 0);
        }

        // A crash here leaves the job Pending: PendingJobSweeper starts this round (the Server at its next start, the Functions app on its timer).
        await StartAsync(tenantId, jobId, Enum.Parse<JobPriority>(row.Priority), row.RetryRound, cancellationToken);
        logger.LogInformation("Job {JobId} of tenant {TenantId}: retry round {Round} started for {Failed} failed items",
            jobId, tenantId, row.RetryRound, row.Failed);
        return new RetryResult(RetryOutcome.Retrying, row.Failed);
    }

    /// <summary>The job id already claimed for the key, or <paramref name="jobId"/> now claimed (queue ingestion shares this).</summary>
    internal async Task<string> ClaimIdempotencyKeyAsync(string tenantId, string key, string jobId, CancellationToken cancellationToken)
    {
        var entity = new JobIdempotencyEntity { PartitionKey = tenantId, RowKey = ApiKeyHasher.Hash(key), JobId = jobId };
        try
        {
            await tables.JobIdempotency.AddEntityAsync(entity, cancellationToken);
            return jobId;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await tables.JobIdempotency.GetEntityAsync<JobIdempotencyEntity>(
                entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            return existing.Value.JobId;
        }
    }

    /// <summary>Items first, then the job row: a job that exists always has all its items.</summary>
    private async Task WriteJobAsync(string tenantId, string jobId, ValidatedJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var items = job.ItemsJson.Select((json, index) => new JobItemEntity
        {
            RowKey = ProductIds.ItemKey(index),
            Index = index,
            Status = nameof(ItemStatus.Pending),
            InputJson = json,
        });

        // A concurrent submission with the same idempotency key may have written it first: then it is already counted.
        await jobs.WriteNewAsync(new JobEntity
        {
            PartitionKey = tenantId,
            RowKey = jobId,
            Kind = job.Kind.ToString(),
            Status = nameof(JobStatus.Pending),
            Priority = job.Priority.ToString(),
            ItemCount = job.ItemsJson.Count,
            Images = job.Images,
            Language = job.Language,
            IdempotencyKey = job.IdempotencyKey,
            CreatedAt = now,
            UpdatedAt = now,
        }, items, cancellationToken);
    }

    /// <summary>One page of a filtered query, resumed from and handing back an opaque continuation token.</summary>
    private static async Task<Page<TView>> OnePageAsync<TEntity, TView>(
        TableClient table, string filter, string? continuationToken, int pageSize, Func<TEntity, TView> toView,
        CancellationToken cancellationToken)
        where TEntity : class, ITableEntity, new()
    {
        var pages = table.QueryAsync<TEntity>(filter, pageSize, cancellationToken: cancellationToken)
            .AsPages(ContinuationTokens.Decode(continuationToken), pageSize);
        await foreach (var page in pages)
        {
            return new Page<TView>(page.Values.Select(toView).ToList(), ContinuationTokens.Encode(page.ContinuationToken));
        }

        return new Page<TView>([], null);
    }

    private static JobAccepted Accepted(string jobId, JobStatus status) => new(jobId, status, $"/api/jobs/{jobId}");
}
