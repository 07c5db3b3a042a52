using Azure;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// The <see cref="JobWriteMarkerEntity"/> a job write holds from before its first item until its job row is added: how
/// a writer takes it and how the abandoned-write sweep claims it, both ETag-guarded, so the two never work on the same
/// job's items at once.
/// </summary>
public sealed class JobWriteMarkers(CatalogTables tables, TimeProvider time)
{
    private const int MaxAttempts = 10;

    /// <summary>
    /// Writes (or refreshes) the marker of a job about to be written and returns its ETag, which the job row's
    /// transaction must present. Refused (transient, retry later) while the sweep is deleting this job's items.
    /// </summary>
    public async Task<ETag> BeginAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(tenantId, jobId, cancellationToken);
            ThrowIfSweeping(current, tenantId, jobId);
            var marker = new JobWriteMarkerEntity
            {
                PartitionKey = tenantId,
                RowKey = JobWriteMarkerEntity.RowKeyFor(jobId),
                StartedAt = time.GetUtcNow(),
            };
            try
            {
                var response = current is null
                    ? await tables.Jobs.AddEntityAsync(marker, cancellationToken)
                    : await tables.Jobs.UpdateEntityAsync(marker, current.ETag, Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
                return response.Headers.ETag ?? throw new InvalidOperationException("Table storage answered a write without an ETag.");
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // A concurrent writer of the same job (same idempotency key) added, changed or removed it, or the sweep
                // claimed it: read again.
            }
        }
    }

    /// <summary>
    /// After the job row's transaction failed: the marker's ETag now (a concurrent writer of the same job may have
    /// refreshed it), or null when it is gone (that writer finished, or the sweep removed it: the caller tells which by
    /// the job row). <see cref="JobWriteSweptException"/> while the sweep holds it.
    /// </summary>
    public async Task<ETag?> CurrentETagAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var current = await GetAsync(tenantId, jobId, cancellationToken);
        ThrowIfSweeping(current, tenantId, jobId);
        return current?.ETag;
    }

    /// <summary>
    /// Removes the marker this writer holds (<paramref name="etag"/>) when its job turned out to be written by another:
    /// a marker another writer has refreshed since is theirs, and stays.
    /// </summary>
    public async Task ReleaseAsync(string tenantId, string jobId, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Jobs.DeleteEntityAsync(tenantId, JobWriteMarkerEntity.RowKeyFor(jobId), etag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            // Refreshed by a concurrent writer of the same job: its own transaction, or the sweep, removes it.
        }
    }

    public static JobWriteSweptException Swept(string tenantId, string jobId) => new(tenantId, jobId);

    /// <summary>Claims an abandoned marker for the sweep; false when a writer has refreshed or removed it since it was read.</summary>
    public async Task<bool> ClaimForSweepAsync(JobWriteMarkerEntity marker, CancellationToken cancellationToken)
    {
        marker.Sweeping = true;
        try
        {
            var response = await tables.Jobs.UpdateEntityAsync(marker, marker.ETag, Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
            marker.ETag = response.Headers.ETag ?? ETag.All;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    private async Task<JobWriteMarkerEntity?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var row = await tables.Jobs.GetEntityIfExistsAsync<JobWriteMarkerEntity>(
            tenantId, JobWriteMarkerEntity.RowKeyFor(jobId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    private static void ThrowIfSweeping(JobWriteMarkerEntity? marker, string tenantId, string jobId)
    {
        if (marker is { Sweeping: true })
        {
            throw Swept(tenantId, jobId);
        }
    }

}
