using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Search;

public static class SearchServiceCollectionExtensions
{
    public static IServiceCollection AddCatalogForgeSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.IsValid, "Search:DefaultK must not exceed Search:MaxK.")
            .ValidateOnStart();
        services.AddSingleton<ProductVectorCache>();
        services.AddSingleton<ProductSearch>();
        return services;
    }
}
