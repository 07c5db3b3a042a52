using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ingestion;

/// <summary>The key of a part is taken by other content: poison (a job exists) or retried later (its writer may still be at it).</summary>
public sealed class IngestKeyConflictException(string message, bool mayPass) : Exception(message)
{
    public bool MayPass { get; } = mayPass;
}

/// <summary>
/// A part's idempotency claim bound to the hash of the part's content. A delivery that failed half-way through writing
/// a part leaves the claim and some item rows but no job row: those items are invisible (every read goes through the job
/// row). The same content finishes that job; other content under the key — the file was fixed and sent again — takes the
/// key over once the earlier write is older than <see cref="IngestionOptions.AbandonedWriteAge"/>: a new job id, and the
/// abandoned items deleted, so they can never join a job.
/// </summary>
public sealed class IngestPartClaims(
    JobRepository jobs,
    CatalogTables tables,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<IngestPartClaims> logger)
{
    /// <summary>The job id the part is to be written under.</summary>
    /// <exception cref="IngestKeyConflictException">The key belongs to a job, or to a write not yet abandoned, of other content.</exception>
    public async Task<string> ClaimAsync(string tenantId, string key, string contentHash, CancellationToken cancellationToken)
    {
        var claim = await jobs.ClaimIdempotencyKeyAsync(tenantId, key, JobIds.New(time), contentHash, cancellationToken);
        if (claim.SameBody)
        {
            return claim.JobId;
        }

        if (await jobs.GetAsync(tenantId, claim.JobId, cancellationToken) is not null)
        {
            throw new IngestKeyConflictException(
                $"idempotencyKey '{key}' already made job {claim.JobId} from other content; send other content under a new key.", mayPass: false);
        }

        var row = (await tables.JobIdempotency.GetEntityAsync<JobIdempotencyEntity>(tenantId, ApiKeyHasher.Hash(key),
            cancellationToken: cancellationToken)).Value;
        var age = time.GetUtcNow() - (row.Timestamp ?? DateTimeOffset.MinValue);
        if (age < options.Value.AbandonedWriteAge)
        {
            throw new IngestKeyConflictException(
                $"idempotencyKey '{key}' is being written with other content (job {row.JobId}, {age:g} ago); it is taken over once that write is older than {options.Value.AbandonedWriteAge} (Ingestion:AbandonedWriteAge).",
                mayPass: true);
        }

        var abandoned = row.JobId;
        row.JobId = JobIds.New(time);
        row.BodyHash = contentHash;
        try
        {
            await tables.JobIdempotency.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new IngestKeyConflictException($"idempotencyKey '{key}' was taken over by a concurrent delivery; trying again.", mayPass: true);
        }

        var deleted = await DeleteItemsAsync(tenantId, abandoned, cancellationToken);
        logger.LogWarning(
            "Ingest key {IdempotencyKey} of tenant {TenantId}: an abandoned write of other content (job {Abandoned}, {Deleted} item rows deleted) is taken over by job {JobId}",
            key, tenantId, abandoned, deleted, row.JobId);
        return row.JobId;
    }

    private async Task<int> DeleteItemsAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var partition = JobItemEntity.PartitionFor(tenantId, jobId);
        var keys = new List<string>();
        await foreach (var item in tables.JobItems.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
                           select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(item.RowKey);
        }

        foreach (var chunk in keys.Chunk(TableBatches.MaxBatchSize))
        {
            await tables.JobItems.SubmitTransactionAsync(
                chunk.Select(rowKey => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), ETag.All)),
                cancellationToken);
        }

        return keys.Count;
    }
}
