using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CatalogForge.Core.Health;

/// <summary>Readiness: the Jobs table, the products container and the ingest queue exist and answer.</summary>
public sealed class TablesHealthCheck(TableServiceClient tables) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        StorageProbe.RunAsync("Table", $"table '{StorageNames.Tables.Jobs}'", async () =>
        {
            await foreach (var _ in tables.QueryAsync($"TableName eq '{StorageNames.Tables.Jobs}'", maxPerPage: 1, cancellationToken))
            {
                return true;
            }

            return false;
        });
}

public sealed class BlobsHealthCheck(BlobServiceClient blobs) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        StorageProbe.RunAsync("Blob", $"container '{StorageNames.Containers.Products}'", async () =>
            (await blobs.GetBlobContainerClient(StorageNames.Containers.Products).ExistsAsync(cancellationToken)).Value);
}

public sealed class QueuesHealthCheck(QueueServiceClient queues) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        StorageProbe.RunAsync("Queue", $"queue '{StorageNames.Queues.Ingest}'", async () =>
            (await queues.GetQueueClient(StorageNames.Queues.Ingest).ExistsAsync(cancellationToken)).Value);
}

internal static class StorageProbe
{
    /// <summary>Healthy when <paramref name="exists"/> finds the resource; unhealthy, naming the failure, otherwise.</summary>
    public static async Task<HealthCheckResult> RunAsync(string service, string resource, Func<Task<bool>> exists)
    {
        try
        {
            return await exists()
                ? HealthCheckResult.Healthy($"{service} storage answered.")
                : HealthCheckResult.Unhealthy($"{char.ToUpperInvariant(resource[0])}{resource[1..]} does not exist.");
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or Azure.Identity.AuthenticationFailedException)
        {
            return HealthCheckResult.Unhealthy($"{service} storage failed: {ex.GetType().Name}", ex);
        }
    }
}
