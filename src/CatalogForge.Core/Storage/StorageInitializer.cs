using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Storage;

/// <summary>
/// Creates every table, container and queue in <see cref="StorageNames"/>; idempotent. Run at start against Azurite and by
/// scripts — never from request paths. In Azure the same resources are declared in infra/.
/// </summary>
/// <remarks>
/// A start that finds everything there logs no warning. Azure.Core logs every error response as a warning, even one the
/// SDK then swallows: <c>CreateTableIfNotExists</c> classifies its 409 as no error, and creating an existing queue is a 204,
/// but <c>BlobContainerClient.CreateIfNotExists</c> logs its 409 <c>ContainerAlreadyExists</c>. So containers are listed
/// first (a listing has no error response) and only the missing ones created.
/// </remarks>
public sealed class StorageInitializer(
    TableServiceClient tables,
    BlobServiceClient blobs,
    QueueServiceClient queues,
    ILogger<StorageInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(StorageNames.Tables.All.Select(name => tables.CreateTableIfNotExistsAsync(name, cancellationToken)));
        await Task.WhenAll(StorageNames.Containers.All.Select(name => CreateContainerIfMissingAsync(name, cancellationToken)));
        await Task.WhenAll(StorageNames.Queues.All.Select(name =>
            queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        logger.LogInformation(
            "Storage initialised: {TableCount} tables, {ContainerCount} containers, {QueueCount} queues",
            StorageNames.Tables.All.Count, StorageNames.Containers.All.Count, StorageNames.Queues.All.Count);
    }

    /// <summary>Lists by the name as prefix; creates only when absent (a concurrent starter creating it first still logs a 409).</summary>
    private async Task CreateContainerIfMissingAsync(string name, CancellationToken cancellationToken)
    {
        await foreach (var container in blobs.GetBlobContainersAsync(BlobContainerTraits.None, BlobContainerStates.None, name, cancellationToken))
        {
            if (container.Name == name)
            {
                return;
            }
        }

        await blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
