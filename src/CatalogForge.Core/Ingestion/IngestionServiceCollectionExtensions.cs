using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    /// <summary>The host-agnostic queue ingestion: options (section <c>Ingestion</c>), the handler and the poison writer.</summary>
    public static IServiceCollection AddCatalogForgeIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IngestJobWriter>();
        services.AddSingleton<IngestMessageHandler>();
        services.AddSingleton<IngestPoisonWriter>();
        return services;
    }
}
