using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CatalogForge.Api.Tenancy;

public static class ApiKeyServiceCollectionExtensions
{
    /// <summary>The key cache's earlier setting; a host that still sets it stops at start rather than ignore it.</summary>
    private const string ReplacedCacheSetting = "Api:ApiKeyCacheDuration";

    /// <summary>API key → tenant resolution (<see cref="TenantResolver"/> and its caches), settings from <see cref="ApiKeyOptions.Section"/>.</summary>
    public static IServiceCollection AddApiKeyResolution(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.Section)
            .ValidateDataAnnotations()
            .Validate<IConfiguration>(
                (_, configuration) => configuration[ReplacedCacheSetting] is null,
                $"{ReplacedCacheSetting} is no longer read: set {ApiKeyOptions.Section}:{nameof(ApiKeyOptions.CacheDuration)} instead.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiKeyCache>();
        services.TryAddSingleton<FailedKeyThrottle>();
        services.TryAddSingleton<ApiKeyUseRecorder>();
        services.TryAddSingleton<TenantResolver>();
        return services;
    }
}
