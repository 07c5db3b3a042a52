using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>
/// A tenant's nightly snapshots: JSON blobs under <c>nightly/{tenant}/{snapshotId}/</c>, a row per snapshot, and the
/// <c>current</c> pointer row. A snapshot is written whole before the pointer moves to it, so a reader that follows the
/// pointer always reads one complete snapshot.
/// </summary>
public sealed class NightlySnapshotStore(BlobServiceClient blobs, TableServiceClient tableService)
{
    public const string Similar = "similar.json";
    public const string Duplicates = "duplicates.json";
    public const string State = "state.json";
    public const string Insights = "insights.json";
    public const string Perception = "perception.json";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(StorageNames.Containers.Nightly);

    public TableClient Snapshots { get; } = tableService.GetTableClient(StorageNames.Tables.NightlySnapshots);

    public TableClient Runs { get; } = tableService.GetTableClient(StorageNames.Tables.NightlyRuns);

    public TableClient Alerts { get; } = tableService.GetTableClient(StorageNames.Tables.NightlyAlerts);

    public async Task WriteAsync<T>(string tenantId, string snapshotId, string name, T value, CancellationToken cancellationToken)
    {
        var data = BinaryData.FromObjectAsJson(value, CatalogJson.Options);
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } };
        await _container.GetBlobClient(NightlyIds.SnapshotBlob(tenantId, snapshotId, name)).UploadAsync(data, options, cancellationToken);
    }

    /// <summary>The blob's value, or default when the snapshot has no such blob.</summary>
    public async Task<T?> ReadAsync<T>(string tenantId, string snapshotId, string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _container.GetBlobClient(NightlyIds.SnapshotBlob(tenantId, snapshotId, name)).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToObjectFromJson<T>(CatalogJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return default;
        }
    }

    /// <summary>
    /// The plan of run <paramref name="runId"/>: from its row if it has one, else written now as a new Running row naming
    /// the snapshot the tenant's <c>current</c> pointer names (the one the run is compared with and replaces).
    /// </summary>
    public async Task<NightlyPlan> BeginRunAsync(string tenantId, string runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await Runs.GetEntityIfExistsAsync<NightlyRunEntity>(tenantId, runId, cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            return new NightlyPlan(existing.Value!.SnapshotId, existing.Value.PreviousSnapshotId);
        }

        var current = await CurrentAsync(tenantId, cancellationToken);
        var previous = current?.SnapshotId == runId ? null : current?.SnapshotId;
        await Runs.UpsertEntityAsync(new NightlyRunEntity
        {
            PartitionKey = tenantId,
            RowKey = runId,
            Status = NightlyRunStatus.Running,
            SnapshotId = runId,
            PreviousSnapshotId = previous,
            StartedAt = now,
        }, cancellationToken: cancellationToken);
        return new NightlyPlan(runId, previous);
    }

    /// <summary>The pointer row, or null before the tenant's first published snapshot.</summary>
    public async Task<NightlySnapshotEntity?> CurrentAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await Snapshots.GetEntityIfExistsAsync<NightlySnapshotEntity>(tenantId, NightlySnapshotEntity.CurrentRowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// Moves the pointer to <paramref name="snapshotId"/> if it still names <paramref name="expectedPrevious"/> (ETag-guarded:
    /// a concurrent publisher makes this fail rather than be overwritten). Already there: nothing to do (a resumed run).
    /// </summary>
    public async Task<bool> MovePointerAsync(string tenantId, string snapshotId, string? expectedPrevious, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(tenantId, cancellationToken);
        if (current?.SnapshotId == snapshotId)
        {
            return false;
        }

        if (current?.SnapshotId != expectedPrevious)
        {
            throw new ClassifiedException(ErrorClass.Storage,
                $"The current snapshot of tenant {tenantId} moved to {current?.SnapshotId ?? "(none)"} while this run expected {expectedPrevious ?? "(none)"}.");
        }

        var next = new NightlySnapshotEntity { PartitionKey = tenantId, RowKey = NightlySnapshotEntity.CurrentRowKey, SnapshotId = snapshotId, PublishedAt = now };
        if (current is null)
        {
            await Snapshots.AddEntityAsync(next, cancellationToken);
        }
        else
        {
            await Snapshots.UpdateEntityAsync(next, current.ETag, TableUpdateMode.Replace, cancellationToken);
        }

        return true;
    }

    /// <summary>Deletes every snapshot of the tenant (blobs, row, alert rows) older than <paramref name="cutoff"/> except <paramref name="keep"/>; returns how many.</summary>
    public async Task<int> DeleteOlderThanAsync(string tenantId, string cutoff, IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter<NightlySnapshotEntity>(e => e.PartitionKey == tenantId);
        await foreach (var row in Snapshots.QueryAsync<NightlySnapshotEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey == NightlySnapshotEntity.CurrentRowKey || keep.Contains(row.RowKey) || string.CompareOrdinal(row.RowKey, cutoff) >= 0)
            {
                continue;
            }

            await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, NightlyIds.SnapshotFolder(tenantId, row.RowKey), cancellationToken))
            {
                await _container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            }

            var alerts = TableClient.CreateQueryFilter<NightlyAlertEntity>(e => e.PartitionKey == tenantId && e.SnapshotId == row.RowKey);
            await foreach (var alert in Alerts.QueryAsync<NightlyAlertEntity>(alerts, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                await Alerts.DeleteEntityAsync(alert.PartitionKey, alert.RowKey, cancellationToken: cancellationToken);
            }

            await Snapshots.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken);
            deleted++;
        }

        return deleted;
    }
}
