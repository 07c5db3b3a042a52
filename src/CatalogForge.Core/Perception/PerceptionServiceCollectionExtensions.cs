using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Perception;

public static class PerceptionServiceCollectionExtensions
{
    public static IServiceCollection AddCatalogForgePerception(this IServiceCollection services)
    {
        services.AddSingleton<BrandProfileStore>();
        services.AddSingleton<PerceptionProber>();
        return services;
    }
}
