using CatalogForge.Core.Ingestion;

namespace CatalogForge.Server.Ingestion;

public static class IngestionHostingExtensions
{
    /// <summary>The <c>ingest</c> queue listener over Core's <see cref="IngestMessageHandler"/>, options from section <c>Ingestion</c>.</summary>
    public static IHostApplicationBuilder AddIngestQueueListener(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestListenerOptions>()
            .BindConfiguration(IngestionOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.IdleDelayMin <= o.IdleDelayMax, "Ingestion:IdleDelayMin must not exceed Ingestion:IdleDelayMax.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IngestListenerMetrics>();
        builder.Services.AddSingleton<IIngestMessageProcessor, CoreIngestMessageProcessor>();
        builder.Services.AddHostedService<IngestQueueListener>();
        return builder;
    }
}
