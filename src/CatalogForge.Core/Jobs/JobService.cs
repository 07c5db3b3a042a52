using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Workflows;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tenancy;
using CatalogForge.Core.Workflow;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Jobs;

public sealed class JobService(
    JobRequestValidator validator,
    CatalogTables tables,
    JobRepository jobs,
    JobItemCounter counter,
    IWorkflowEngine engine,
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

        var jobId = JobIds.New(time);
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

        await WriteJobAsync(tenantId, jobId, job, cancellationToken);
        await StartAsync(tenantId, jobId, job.Priority, cancellationToken);
        logger.LogInformation("Job {JobId} ({Kind}, {ItemCount} items) submitted for tenant {TenantId}",
            jobId, job.Kind, job.ItemsJson.Count, tenantId);
        return new SubmitResult(Accepted(jobId, JobStatus.Pending), null);
    }

    /// <summary>Starts (or, after a crash, re-starts) the job's workflow; idempotent because the instance id is the job's.</summary>
    public Task StartAsync(string tenantId, string jobId, JobPriority priority, CancellationToken cancellationToken) =>
        engine.StartAsync(ProductJobWorkflow.Name, ProductIds.JobInstanceId(tenantId, jobId), new JobRef(tenantId, jobId),
            new WorkflowStartOptions { Priority = priority, TenantId = tenantId }, cancellationToken);

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

    public async Task<Page<JobView>> ListAsync(string tenantId, JobListQuery query, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        if (query.Kind is { } kind)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Kind eq {kind.ToString()}");
        }

        return await OnePageAsync(tables.Jobs, filter, query.ContinuationToken, query.PageSize,
            (JobEntity row) => JobViews.ToView(row, null), cancellationToken);
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
        await engine.RequestCancellationAsync(ProductIds.JobInstanceId(tenantId, jobId), cancellationToken);
        logger.LogInformation("Cancellation requested for job {JobId} of tenant {TenantId}", jobId, tenantId);
        return CancelOutcome.CancellationRequested;
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
    private async Task WriteJobAsync(string tenantId, string jobId, ValidatedJob job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var partition = ProductIds.ItemPartition(tenantId, jobId);
        var items = job.ItemsJson.Select((json, index) => new JobItemEntity
        {
            PartitionKey = partition,
            RowKey = ProductIds.ItemKey(index),
            Index = index,
            Status = nameof(ItemStatus.Pending),
            InputJson = json,
            UpdatedAt = now,
        });
        await tables.JobItems.UpsertAllAsync(items, cancellationToken);

        await tables.Jobs.UpsertEntityAsync(new JobEntity
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
        }, TableUpdateMode.Replace, cancellationToken);
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
