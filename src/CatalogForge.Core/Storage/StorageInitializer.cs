using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Storage;

/// <summary>
/// Creates every table, container and queue in <see cref="StorageNames"/>; idempotent. Run at start against Azurite and by
/// scripts — never from request paths. In Azure the same resources are declared in infra/.
/// </summary>
public sealed class StorageInitializer(
    TableServiceClient tables,
    BlobServiceClient blobs,
    QueueServiceClient queues,
    ILogger<StorageInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(StorageNames.Tables.All.Select(name => tables.CreateTableIfNotExistsAsync(name, cancellationToken)));
        await Task.WhenAll(StorageNames.Containers.All.Select(name =>
            blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(StorageNames.Queues.All.Select(name =>
            queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        logger.LogInformation(
            "Storage initialised: {TableCount} tables, {ContainerCount} containers, {QueueCount} queues",
            StorageNames.Tables.All.Count, StorageNames.Containers.All.Count, StorageNames.Queues.All.Count);
    }
}
