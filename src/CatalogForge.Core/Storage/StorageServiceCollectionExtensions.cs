using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Table, Blob and Queue service clients once: from <c>Storage:ConnectionString</c> (Azurite) or
    /// from the service URIs with <see cref="DefaultAzureCredential"/> (managed identity in Azure, developer login locally).
    /// </summary>
    public static IServiceCollection AddCatalogForgeStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddAzureClients(clients =>
        {
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return storage.ConnectionString is { Length: > 0 } connection
                    ? new TableServiceClient(connection, options)
                    : new TableServiceClient(storage.ResolveTableUri(), credential, options);
            });
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return storage.ConnectionString is { Length: > 0 } connection
                    ? new BlobServiceClient(connection, options)
                    : new BlobServiceClient(storage.ResolveBlobUri(), credential, options);
            });
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) =>
            {
                // Base64 so messages are readable by the Functions QueueTrigger as well.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return storage.ConnectionString is { Length: > 0 } connection
                    ? new QueueServiceClient(connection, options)
                    : new QueueServiceClient(storage.ResolveQueueUri(), credential, options);
            });
            clients.UseCredential(new DefaultAzureCredential());
        });

        services.AddSingleton<StorageInitializer>();
        services.AddHostedService<StorageInitializerHostedService>();
        services.AddSingleton<CatalogTables>();
        services.AddSingleton<ProductBlobs>();
        return services;
    }
}
