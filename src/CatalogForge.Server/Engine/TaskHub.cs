using Azure.Identity;
using CatalogForge.Core.Storage;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Engine;

/// <summary>
/// The Server's task hub on the Azure Storage provider (Azurite locally, the app's storage account in Azure): one
/// orchestration service that both the worker and the client use, on CatalogForge's storage settings.
/// </summary>
internal sealed class TaskHub : IDisposable
{
    public TaskHub(IOptions<DurableTaskEngineOptions> engine, IOptions<StorageOptions> storage, ILoggerFactory loggerFactory)
    {
        var options = engine.Value;
        Options = options;
        WorkerId = options.WorkerId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        Service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = ClientProvider(storage.Value),
            PartitionCount = options.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            LeaseInterval = options.LeaseInterval,
            LeaseRenewInterval = options.LeaseInterval / 3,
            LeaseAcquireInterval = options.LeaseInterval / 3,
            // The partition table's reads and writes may take longer than the provider's 2 s on a busy machine; a
            // renewal that times out counts for nothing, so give it the same third of the lease.
            PartitionTableOperationTimeout = options.LeaseInterval / 3,
            ControlQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ExtendedSessionsEnabled = options.ExtendedSessions,
            WorkerId = WorkerId,
            LoggerFactory = loggerFactory,
        });
        Client = new TaskHubClient(Service, WorkflowDataConverter.Instance, loggerFactory);
    }

    public DurableTaskEngineOptions Options { get; }

    public string WorkerId { get; }

    public AzureStorageOrchestrationService Service { get; }

    public TaskHubClient Client { get; }

    public void Dispose() => Service.Dispose();

    /// <summary>A connection string for Azurite; otherwise the service URIs with <see cref="DefaultAzureCredential"/> (managed identity in Azure).</summary>
    private static StorageAccountClientProvider ClientProvider(StorageOptions storage) =>
        storage.ConnectionString is { Length: > 0 } connection
            ? new StorageAccountClientProvider(connection)
            : new StorageAccountClientProvider(
                storage.ResolveBlobUri(), storage.ResolveQueueUri(), storage.ResolveTableUri(), new DefaultAzureCredential());
}
