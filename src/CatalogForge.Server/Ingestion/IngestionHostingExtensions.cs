using Azure.Storage.Queues;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Ingestion;

public static class IngestionHostingExtensions
{
    /// <summary>
    /// The listener's own queue client: same account and credential as Core's, but it receives message text raw
    /// (<see cref="QueueMessageEncoding.None"/>) and decodes the Base64 itself (<see cref="IngestMessageText"/>), so a message
    /// that is not Base64 becomes a poison message instead of a <see cref="FormatException"/> thrown by the receive.
    /// </summary>
    internal const string RawQueueClientName = "IngestListenerRaw";

    /// <summary>The <c>ingest</c> queue listener over Core's <see cref="IngestMessageHandler"/>, options from section <c>Ingestion</c>.</summary>
    public static IHostApplicationBuilder AddIngestQueueListener(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestListenerOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.IdleDelayMin <= o.IdleDelayMax, "Ingestion:IdleDelayMin must not exceed Ingestion:IdleDelayMax.")
            .Validate(o => o.ErrorDelayMin <= o.ErrorDelayMax, "Ingestion:ErrorDelayMin must not exceed Ingestion:ErrorDelayMax.")
            .ValidateOnStart();
        builder.Services.AddAzureClients(clients => clients
            .AddClient<QueueServiceClient, QueueClientOptions>((options, credential, provider) =>
            {
                options.MessageEncoding = QueueMessageEncoding.None;
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return storage.ConnectionString is { Length: > 0 } connection
                    ? new QueueServiceClient(connection, options)
                    : new QueueServiceClient(storage.ResolveQueueUri(), credential, options);
            })
            .WithName(RawQueueClientName));
        builder.Services.AddSingleton<IngestListenerMetrics>();
        builder.Services.AddSingleton<IIngestMessageProcessor, CoreIngestMessageProcessor>();
        builder.Services.AddHostedService<IngestQueueListener>();
        return builder;
    }
}
