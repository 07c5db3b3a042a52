using System.Text.Json.Serialization;
using CatalogForge.Api.Endpoints;
using CatalogForge.Api;
using CatalogForge.Api.Errors;
using CatalogForge.Api.Tenancy;
using CatalogForge.Server.Ingestion;
using CatalogForge.Server.Recovery;
using CatalogForge.Server.Tenancy;

namespace CatalogForge.Server.Hosting;

public static class ServerHostingExtensions
{
    /// <summary>JSON, ProblemDetails, the exception mapping, host options, API-key tenancy, the ingest queue listener and the pending-job sweep.</summary>
    public static IHostApplicationBuilder AddServerDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        // Body-binding failures throw BadHttpRequestException in every environment (not only Development),
        // so ApiExceptionHandler can answer them with ProblemDetails.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblemDetails.Customize);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();

        // Core registers the named checks; this only makes sure HealthCheckService exists.
        builder.Services.AddHealthChecks();

        builder.AddApiKeyTenancy();
        builder.AddIngestQueueListener();
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

    /// <summary>All routes under <c>/api</c>: health and readiness anonymous, everything else needs a tenant's API key.</summary>
    public static RouteGroupBuilder MapCatalogForgeApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapHealthApi();
        api.MapJobsApi().RequireTenant();
        api.MapProductsApi().RequireTenant();
        api.MapUsageApi().RequireTenant();
        return api;
    }
}
