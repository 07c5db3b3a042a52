using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Pipeline;

/// <summary>Reads and finalises <c>JobItems</c> rows; shared by the save, failure and cancel activities.</summary>
public sealed class JobItemWriter(CatalogTables tables, TimeProvider time)
{
    public async Task<JobItemEntity> ReadAsync(JobRef job, int index, CancellationToken cancellationToken)
    {
        var row = await tables.JobItems.GetEntityAsync<JobItemEntity>(
            ProductIds.ItemPartition(job.TenantId, job.JobId), ProductIds.ItemKey(index), cancellationToken: cancellationToken);
        return row.Value;
    }

    public async Task FinishAsync(JobItemEntity row, Action<JobItemEntity> apply, CancellationToken cancellationToken)
    {
        apply(row);
        row.Attempts += 1;
        row.UpdatedAt = time.GetUtcNow();
        await tables.JobItems.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Marks every still-pending item in [start, start+count) as cancelled, in batches per partition.</summary>
    public async Task<int> CancelPendingAsync(JobRef job, int start, int count, CancellationToken cancellationToken)
    {
        var partition = ProductIds.ItemPartition(job.TenantId, job.JobId);
        var from = ProductIds.ItemKey(start);
        var to = ProductIds.ItemKey(start + count);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to} and Status eq {nameof(ItemStatus.Pending)}");
        var now = time.GetUtcNow();
        var cancelled = new List<JobItemEntity>();
        await foreach (var row in tables.JobItems.QueryAsync<JobItemEntity>(filter, cancellationToken: cancellationToken))
        {
            row.Status = nameof(ItemStatus.Cancelled);
            row.ErrorClass = nameof(ErrorClass.Cancelled);
            row.ErrorMessage = "The job was cancelled before this item started.";
            row.UpdatedAt = now;
            cancelled.Add(row);
        }

        await tables.JobItems.UpsertAllAsync(cancelled, cancellationToken);
        return cancelled.Count;
    }
}
