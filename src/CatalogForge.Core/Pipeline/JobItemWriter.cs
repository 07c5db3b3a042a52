using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Pipeline;

/// <summary>Reads and finalises <c>JobItems</c> rows; shared by the save, failure, cancel and retry activities.</summary>
public sealed class JobItemWriter(CatalogTables tables, TimeProvider time)
{
    public async Task<JobItemEntity> ReadAsync(JobRef job, int index, CancellationToken cancellationToken)
    {
        var row = await tables.JobItems.GetEntityAsync<JobItemEntity>(
            JobItemEntity.PartitionFor(job.TenantId, job.JobId), JobItemEntity.RowKeyFor(index), cancellationToken: cancellationToken);
        return row.Value;
    }

    /// <summary>
    /// Ends the item's attempt of this round: <paramref name="apply"/> sets its status, and <paramref name="spent"/>
    /// (this attempt's cost) is added to what earlier rounds spent. Idempotent, so a repeated write after a crash counts once.
    /// </summary>
    public async Task FinishAsync(JobRef job, JobItemEntity row, AiCost spent, Action<JobItemEntity> apply, CancellationToken cancellationToken)
    {
        apply(row);
        row.Attempts = job.Round + 1; // an item runs once per round, and only failed items run again
        row.CostMicroUsd = row.PriorCostMicroUsd + spent.CostMicroUsd;
        row.InputTokens = row.PriorInputTokens + spent.InputTokens;
        row.OutputTokens = row.PriorOutputTokens + spent.OutputTokens;
        row.UpdatedAt = time.GetUtcNow();
        await tables.JobItems.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Marks every still-pending item in [start, start+count) as cancelled, in batches per partition.</summary>
    public async Task<int> CancelPendingAsync(JobRef job, int start, int count, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cancelled = await QueryAsync(job, start, count, ItemStatus.Pending, cancellationToken);
        foreach (var row in cancelled)
        {
            row.ItemStatus = ItemStatus.Cancelled;
            row.ErrorClass = nameof(ErrorClass.Cancelled);
            row.ErrorMessage = "The job was cancelled before this item started.";
            row.UpdatedAt = now;
        }

        await tables.JobItems.UpsertAllAsync(cancelled, cancellationToken);
        return cancelled.Count;
    }

    /// <summary>
    /// Start of a retry round: every failed item (but rows rejected at ingestion) becomes Pending again, keeping what it cost so far as its prior cost.
    /// Items already Pending are left alone, so repeating this after a crash changes nothing.
    /// </summary>
    public async Task<int> ResetFailedAsync(JobRef job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failed = (await QueryAsync(job, 0, int.MaxValue, ItemStatus.Failed, cancellationToken))
            .Where(row => row.FailedStep != JobItemEntity.RejectedStep) // invalid input stays failed with its reason
            .ToList();
        foreach (var row in failed)
        {
            row.ItemStatus = ItemStatus.Pending;
            row.PriorCostMicroUsd = row.CostMicroUsd;
            row.PriorInputTokens = row.InputTokens;
            row.PriorOutputTokens = row.OutputTokens;
            row.ErrorClass = null;
            row.ErrorMessage = null;
            row.FailedStep = null;
            row.UpdatedAt = now;
        }

        await tables.JobItems.UpsertAllAsync(failed, cancellationToken);
        return failed.Count;
    }

    /// <summary>Indexes of the pending items in [start, start+count), in order.</summary>
    public async Task<int[]> PendingIndexesAsync(JobRef job, int start, int count, CancellationToken cancellationToken) =>
        [.. (await QueryAsync(job, start, count, ItemStatus.Pending, cancellationToken, select: [nameof(JobItemEntity.Index)])).Select(row => row.Index)];

    private async Task<List<JobItemEntity>> QueryAsync(
        JobRef job, int start, int count, ItemStatus status, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var partition = JobItemEntity.PartitionFor(job.TenantId, job.JobId);
        var from = JobItemEntity.RowKeyFor(start);
        var filter = count == int.MaxValue
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Status eq {status.ToString()}")
            : TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {JobItemEntity.RowKeyFor(start + count)} and Status eq {status.ToString()}");
        var rows = new List<JobItemEntity>();
        await foreach (var row in tables.JobItems.QueryAsync<JobItemEntity>(filter, select: select, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }
}
