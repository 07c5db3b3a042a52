using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CatalogForge.Core.Health;

/// <summary>Readiness: the Jobs table, the products container and the ingest queue answer.</summary>
public sealed class TablesHealthCheck(TableServiceClient tables) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in tables.QueryAsync($"TableName eq '{StorageNames.Tables.Jobs}'", maxPerPage: 1, cancellationToken))
            {
                return HealthCheckResult.Healthy("Table storage answered.");
            }

            return HealthCheckResult.Unhealthy($"Table '{StorageNames.Tables.Jobs}' does not exist.");
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            return HealthCheckResult.Unhealthy($"Table storage failed: {ex.GetType().Name}", ex);
        }
    }

    internal static bool IsStorageFailure(Exception ex) =>
        ex is Azure.RequestFailedException or HttpRequestException or Azure.Identity.AuthenticationFailedException;
}

public sealed class BlobsHealthCheck(BlobServiceClient blobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var exists = await blobs.GetBlobContainerClient(StorageNames.Containers.Products).ExistsAsync(cancellationToken);
            return exists.Value
                ? HealthCheckResult.Healthy("Blob storage answered.")
                : HealthCheckResult.Unhealthy($"Container '{StorageNames.Containers.Products}' does not exist.");
        }
        catch (Exception ex) when (TablesHealthCheck.IsStorageFailure(ex))
        {
            return HealthCheckResult.Unhealthy($"Blob storage failed: {ex.GetType().Name}", ex);
        }
    }
}

public sealed class QueuesHealthCheck(QueueServiceClient queues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var exists = await queues.GetQueueClient(StorageNames.Queues.Ingest).ExistsAsync(cancellationToken);
            return exists.Value
                ? HealthCheckResult.Healthy("Queue storage answered.")
                : HealthCheckResult.Unhealthy($"Queue '{StorageNames.Queues.Ingest}' does not exist.");
        }
        catch (Exception ex) when (TablesHealthCheck.IsStorageFailure(ex))
        {
            return HealthCheckResult.Unhealthy($"Queue storage failed: {ex.GetType().Name}", ex);
        }
    }
}
