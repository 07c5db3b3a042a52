using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Deletes the items of job writes that never finished: a <see cref="JobWriteMarkerEntity"/> older than the given age
/// whose job row does not exist (the writer failed between its items and its row, or lost a tenant-cap race). No API shows
/// such items (every read goes through the job row); this returns their storage. The sweep first claims the marker
/// (ETag-guarded, <see cref="JobWriteMarkers"/>): a writer that refreshed it since keeps its items, and a writer that comes
/// back while the sweep holds it creates nothing (<see cref="JobWriteSweptException"/>). The marker goes last, so a sweep
/// that stops half-way is finished by the next one. A marker whose job row exists is only removed.
/// </summary>
public sealed class AbandonedJobWriteSweeper(CatalogTables tables, TimeProvider time, ILogger<AbandonedJobWriteSweeper> logger)
{
    private readonly JobWriteMarkers _markers = new(tables, time);

    public async Task<AbandonedJobWriteSweepResult> SweepAsync(TimeSpan minAge, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - minAge;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {JobWriteMarkerEntity.Prefix} and RowKey lt {JobWriteMarkerEntity.PrefixEnd}");
        int swept = 0, items = 0, failed = 0;
        await foreach (var marker in tables.Jobs.QueryAsync<JobWriteMarkerEntity>(filter, cancellationToken: cancellationToken))
        {
            if (marker.StartedAt > cutoff)
            {
                continue;
            }

            try
            {
                if (!marker.Sweeping && !await _markers.ClaimForSweepAsync(marker, cancellationToken))
                {
                    logger.LogInformation("Job {JobId} of tenant {TenantId} is being written again; its items are kept",
                        JobWriteMarkerEntity.JobIdOf(marker.RowKey), marker.PartitionKey);
                    continue;
                }

                items += await SweepAsync(marker, cancellationToken);
                swept++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failed++;
                logger.LogError(ex, "Abandoned write of job {JobId} of tenant {TenantId} could not be swept ({ErrorClass}); the next sweep tries again",
                    JobWriteMarkerEntity.JobIdOf(marker.RowKey), marker.PartitionKey, ActivityErrorClassifier.Classify(ex));
            }
        }

        if (swept > 0 || failed > 0)
        {
            logger.LogWarning("Abandoned job writes: {Swept} swept ({Items} item rows deleted), {Failed} failed", swept, items, failed);
        }

        return new AbandonedJobWriteSweepResult(swept, items, failed);
    }

    /// <summary>Deletes the claimed marker's items unless its job row exists, then the marker; the number of item rows deleted.</summary>
    private async Task<int> SweepAsync(JobWriteMarkerEntity marker, CancellationToken cancellationToken)
    {
        var (tenantId, jobId) = (marker.PartitionKey, JobWriteMarkerEntity.JobIdOf(marker.RowKey));
        var job = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(tenantId, jobId, select: ["RowKey"], cancellationToken: cancellationToken);
        var keys = new List<string>();
        var partition = JobItemEntity.PartitionFor(tenantId, jobId);
        if (!job.HasValue)
        {
            await foreach (var row in tables.JobItems.QueryAsync<TableEntity>(
                               TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(row.RowKey);
            }

            foreach (var chunk in keys.Chunk(TableBatches.MaxBatchSize))
            {
                await tables.JobItems.SubmitTransactionAsync(
                    chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All)),
                    cancellationToken);
            }

            logger.LogWarning("Job {JobId} of tenant {TenantId}: its write was abandoned at {StartedAt:O}; {Items} item rows deleted",
                jobId, tenantId, marker.StartedAt, keys.Count);
        }

        await tables.Jobs.DeleteEntityAsync(tenantId, marker.RowKey, ETag.All, cancellationToken);
        return keys.Count;
    }
}

/// <summary>What one sweep did: abandoned writes removed, their item rows deleted, and markers that failed (each logged).</summary>
public sealed record AbandonedJobWriteSweepResult(int Swept, int ItemsDeleted, int Failed);
