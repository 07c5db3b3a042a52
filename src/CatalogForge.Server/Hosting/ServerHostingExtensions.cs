using CatalogForge.Server.Alerts;
using CatalogForge.Server.Ingestion;
using CatalogForge.Server.Recovery;
using CatalogForge.Server.Tenancy;

namespace CatalogForge.Server.Hosting;

public static class ServerHostingExtensions
{
    /// <summary>What only the Server adds to the API (<c>AddCatalogForgeApi</c>): API-key authentication, the ingest queue listener and the pending-job sweep.</summary>
    public static IHostApplicationBuilder AddServerDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddApiKeyTenancy();
        builder.AddIngestQueueListener();
        builder.AddAlertQueueListener();
        builder.AddPendingJobSweep();
        return builder;
    }

    /// <summary>Exception handling first, then status-code pages (bodies for bare 4xx/5xx), then authentication.</summary>
    public static WebApplication UseServerDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
