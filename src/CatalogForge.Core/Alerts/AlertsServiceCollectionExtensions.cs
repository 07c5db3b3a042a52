using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>Webhooks (store, URL policy, signed sender on a client that checks every connection) and alert delivery.</summary>
    public static IServiceCollection AddCatalogForgeAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<WebhookConnector>();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<AlertPoisonWriter>();
        services.AddSingleton<AlertDeliveryHandler>();
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<WebhookConnector>().CreateHandler());
        return services;
    }
}
