using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Intelligence.Nightly.Triggers;

/// <summary>The <c>NightlyLeases</c> table: ETag-guarded rows that decide which caller may start nightly runs.</summary>
public sealed class NightlyLeaseStore(TableServiceClient tableService, TimeProvider time)
{
    public TableClient Leases { get; } = tableService.GetTableClient(StorageNames.Tables.NightlyLeases);

    public async Task<TenantRunLeaseEntity?> TenantRunLeaseAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await Leases.GetEntityIfExistsAsync<TenantRunLeaseEntity>(tenantId, TenantRunLeaseEntity.RowKeyValue, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// Writes the tenant's lease for <paramref name="runId"/>: added when there is none, else replacing <paramref name="stale"/>
    /// only if it is unchanged. False when another caller wrote the row first.
    /// </summary>
    public async Task<bool> TryTakeTenantRunLeaseAsync(string tenantId, string runId, TenantRunLeaseEntity? stale, CancellationToken cancellationToken)
    {
        var lease = new TenantRunLeaseEntity
        {
            PartitionKey = tenantId, RowKey = TenantRunLeaseEntity.RowKeyValue, RunId = runId, AcquiredAt = time.GetUtcNow(),
        };
        try
        {
            if (stale is null)
            {
                await Leases.AddEntityAsync(lease, cancellationToken);
            }
            else
            {
                await Leases.UpdateEntityAsync(lease, stale.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Deletes the tenant's lease if it still names <paramref name="runId"/> (its run could not be started).</summary>
    public async Task ReleaseTenantRunLeaseAsync(string tenantId, string runId, CancellationToken cancellationToken)
    {
        if (await TenantRunLeaseAsync(tenantId, cancellationToken) is { } lease && lease.RunId == runId)
        {
            try
            {
                await Leases.DeleteEntityAsync(tenantId, TenantRunLeaseEntity.RowKeyValue, lease.ETag, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Replaced or deleted meanwhile: it is no longer this run's.
            }
        }
    }

    /// <summary>
    /// The day's lease for <paramref name="owner"/>: added when there is none, taken over when its holder let it expire
    /// without completing the day (or is <paramref name="owner"/> itself, trying again). Null when the day is completed or
    /// another live holder has it.
    /// </summary>
    public async Task<DayLeaseEntity?> TryAcquireDayAsync(string runDate, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lease = new DayLeaseEntity { PartitionKey = DayLeaseEntity.PartitionKeyValue, RowKey = runDate, Owner = owner, ExpiresAt = now + duration };
        var existing = await Leases.GetEntityIfExistsAsync<DayLeaseEntity>(DayLeaseEntity.PartitionKeyValue, runDate, cancellationToken: cancellationToken);
        try
        {
            Response response;
            if (!existing.HasValue)
            {
                response = await Leases.AddEntityAsync(lease, cancellationToken);
            }
            else if (existing.Value!.CompletedAt is null && (existing.Value.ExpiresAt <= now || existing.Value.Owner == owner))
            {
                response = await Leases.UpdateEntityAsync(lease, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                return null;
            }

            lease.ETag = response.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag for the day lease.");
            return lease;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>Extends the lease (ETag-guarded); false when it was lost to another process meanwhile.</summary>
    public Task<bool> RenewDayAsync(DayLeaseEntity lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        lease.ExpiresAt = time.GetUtcNow() + duration;
        return TryReplaceAsync(lease, cancellationToken);
    }

    /// <summary>Marks the day done (ETag-guarded): nobody starts its runs again; false when the lease was lost meanwhile.</summary>
    public Task<bool> CompleteDayAsync(DayLeaseEntity lease, CancellationToken cancellationToken)
    {
        lease.CompletedAt = time.GetUtcNow();
        return TryReplaceAsync(lease, cancellationToken);
    }

    private async Task<bool> TryReplaceAsync(DayLeaseEntity lease, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Leases.UpdateEntityAsync(lease, lease.ETag, TableUpdateMode.Replace, cancellationToken);
            lease.ETag = response.Headers.ETag ?? lease.ETag;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }
}
