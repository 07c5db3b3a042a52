using System.Text.Json.Serialization;
using CatalogForge.Api.Endpoints;
using CatalogForge.Api.Errors;
using CatalogForge.Api.OpenApi;
using CatalogForge.Api.RateLimiting;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CatalogForge.Api;

/// <summary>The API's services and routes, registered the same way by both hosts.</summary>
public static class ApiHostingExtensions
{
    /// <summary>
    /// What the API needs in either host: <see cref="ApiOptions"/>, its JSON (enums as names only, never integers),
    /// ProblemDetails, the one exception mapping (<see cref="ApiExceptionHandler"/>, also as an
    /// <see cref="IExceptionHandler"/>), health checks and the API key → tenant resolution. The hosts add how a key
    /// reaches <see cref="TenantContext"/> (the Server's authentication handler, the Functions app's middleware).
    /// </summary>
    public static IHostApplicationBuilder AddCatalogForgeApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Takes precedence over the [JsonConverter] on Core's enums, which accept integers.
        services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false)));

        // Body-binding failures throw BadHttpRequestException in every environment (not only Development), so
        // ApiExceptionHandler can answer them with ProblemDetails.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblemDetails.Customize);
        services.TryAddSingleton<ApiExceptionHandler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExceptionHandler, ApiExceptionHandler>(
            provider => provider.GetRequiredService<ApiExceptionHandler>()));

        // Core registers the named checks; this only makes sure HealthCheckService exists.
        services.AddHealthChecks();

        services.AddMemoryCache();
        services.TryAddScoped<TenantContext>();
        services.AddApiKeyResolution();
        services.AddCatalogForgeOpenApi();
        services.AddTenantRateLimiting();
        return builder;
    }

    /// <summary>All routes under <c>/api</c>: health and readiness anonymous, everything else needs a tenant's API key.</summary>
    public static RouteGroupBuilder MapCatalogForgeApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapHealthApi();
        api.MapJobsApi().RequireTenant();
        api.MapProductsApi().RequireTenant();
        api.MapUsageApi().RequireTenant();
        api.MapBrandProfileApi().RequireTenant();
        api.MapWebhooksApi().RequireTenant();
        api.MapCatalogInsightsApi().RequireTenant();
        api.MapCatalogRefreshApi().RequireTenant();
        api.MapOpenApiDocumentApi();
        return api;
    }

    /// <summary>Every route in the group needs a valid <c>x-api-key</c> (policy <see cref="ApiKeyDefaults.TenantPolicy"/>).</summary>
    public static TBuilder RequireTenant<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiKeyDefaults.TenantPolicy);
}
