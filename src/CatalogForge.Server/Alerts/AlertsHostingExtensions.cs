using CatalogForge.Core.Alerts;

namespace CatalogForge.Server.Alerts;

public static class AlertsHostingExtensions
{
    /// <summary>The <c>alerts</c> queue listener (uses the raw queue client <see cref="Ingestion.IngestionHostingExtensions.AddIngestQueueListener"/> registers).</summary>
    public static IHostApplicationBuilder AddAlertQueueListener(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertListenerOptions>()
            .BindConfiguration(AlertOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.IdleDelayMin <= o.IdleDelayMax, "Alerts:IdleDelayMin must not exceed Alerts:IdleDelayMax.")
            .ValidateOnStart();
        builder.Services.AddHostedService<AlertQueueListener>();
        return builder;
    }
}
