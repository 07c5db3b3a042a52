using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// The filtered reads of <c>Jobs</c> and <c>JobItems</c>: a page of a tenant's jobs, a page of a job's items (each
/// resumed from and handing back an opaque continuation token), and every tenant's unfinished jobs for the sweep.
/// </summary>
public sealed class JobQueries(CatalogTables tables, SignedTablePages pages)
{
    private static readonly string[] SweepColumns =
        ["PartitionKey", "RowKey", nameof(JobEntity.Status), nameof(JobEntity.Priority), nameof(JobEntity.RetryRound), nameof(JobEntity.UpdatedAt)];

    /// <summary>A page of the tenant's jobs, newest first.</summary>
    public Task<Page<JobEntity>> ListJobsAsync(string tenantId, JobListQuery query, CancellationToken cancellationToken)
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

        return OnePageAsync<JobEntity>(tables.Jobs, filter, ContinuationTokens.Scope(tenantId, "jobs", filter),
            query.ContinuationToken, query.PageSize, cancellationToken);
    }

    /// <summary>A page of the job's items, in input order.</summary>
    public Task<Page<JobItemEntity>> ListItemsAsync(string tenantId, string jobId, JobItemQuery query, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {JobItemEntity.PartitionFor(tenantId, jobId)}");
        if (query.Status is { } status)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        return OnePageAsync<JobItemEntity>(tables.JobItems, filter, ContinuationTokens.Scope(tenantId, $"jobs/{jobId}/items", filter),
            query.ContinuationToken, query.PageSize, cancellationToken);
    }

    /// <summary>
    /// Every tenant's Pending and Running jobs, with the columns the sweep needs (status, priority, round) and when they
    /// last changed.
    /// </summary>
    public IAsyncEnumerable<JobEntity> UnfinishedJobsAsync(CancellationToken cancellationToken)
    {
        // Each tenant's partition also holds its per-status totals row; it sorts after every job id, so the bound skips it.
        var filter = TableClient.CreateQueryFilter(
            $"RowKey lt {JobTotalsEntity.RowKeyValue} and (Status eq {JobStatus.Pending.ToString()} or Status eq {JobStatus.Running.ToString()})");
        return tables.Jobs.QueryAsync<JobEntity>(filter, select: SweepColumns, cancellationToken: cancellationToken);
    }

    private async Task<Page<TEntity>> OnePageAsync<TEntity>(
        TableClient table, string filter, string scope, string? continuationToken, int pageSize, CancellationToken cancellationToken)
        where TEntity : class, ITableEntity, new()
    {
        var page = await pages.ReadAsync<TEntity>(table, filter, scope, continuationToken, pageSize, cancellationToken);
        return new Page<TEntity>(page.Values, page.ContinuationToken);
    }
}
