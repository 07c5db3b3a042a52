using Azure.Core.Serialization;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Telemetry;
using CatalogForge.Functions.Durable;
using CatalogForge.Functions.Http;
using CatalogForge.Core.Jobs;
using CatalogForge.Functions.Recovery;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using CatalogForge.Api.Tenancy;

namespace CatalogForge.Functions.Hosting;

public static class FunctionsHostingExtensions
{
    /// <summary>
    /// What the Functions host adds on top of <c>AddCatalogForgeCore</c> and <c>AddCatalogForgeApi</c>: Durable Functions as
    /// the orchestration engine (its client behind <see cref="IWorkflowClient"/>), the API's exception mapping, API-key
    /// tenancy and the per-tenant rate limit as worker middleware, and OpenTelemetry.
    /// </summary>
    public static FunctionsApplicationBuilder AddFunctionsDefaults(this FunctionsApplicationBuilder builder)
    {
        builder.Services.AddFunctionsServices();

        // Outermost first: every HTTP failure becomes ProblemDetails, then the tenant is resolved from the API key.
        builder.UseMiddleware<ApiExceptionMiddleware>();
        builder.UseMiddleware<ApiKeyTenancyMiddleware>();
        builder.UseMiddleware<TenantRateLimitMiddleware>();

        AddTelemetry(builder);
        return builder;
    }

    /// <summary>The services of <see cref="AddFunctionsDefaults"/> (without middleware and telemetry); tests build on these.</summary>
    public static IServiceCollection AddFunctionsServices(this IServiceCollection services)
    {
        // Orchestration and activity payloads get Core's JSON shape (camelCase, enums as strings), as in the Server;
        // the Durable extension serialises with WorkerOptions.Serializer.
        services.Configure<WorkerOptions>(options => options.Serializer = new JsonObjectSerializer(WorkflowJson.Options));
        services.AddSingleton<DurableClientScope>();
        services.AddSingleton<Ingestion.IngestDeferral>();
        services.AddSingleton<TenantRequestLimiter>();
        services.AddSingleton<IWorkflowClient, DurableFunctionsWorkflowClient>();
        services.AddOptions<EasyAuthOptions>()
            .BindConfiguration(EasyAuthOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EasyAuthOptions>, TenantClaimOptionsValidation<EasyAuthOptions>>();
        services.AddOptions<PendingJobSweepOptions>()
            .BindConfiguration(PendingJobSweepOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Worker telemetry through OpenTelemetry (host.json sets <c>telemetryMode: OpenTelemetry</c> for the host): the
    /// invocation spans of the worker defaults, CatalogForge's own spans and meter, and the Azure SDK's spans (Tables,
    /// Blobs, Queues) — the same sources and meter as the Server. In Azure, Application Insights takes data with
    /// Entra ID only (local auth is off), so the exporter signs in with the app's managed identity (<c>AZURE_CLIENT_ID</c>).
    /// </summary>
    private static void AddTelemetry(FunctionsApplicationBuilder builder)
    {
        CatalogForgeTelemetry.EnableAzureSdkActivitySources();
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(CatalogForgeTelemetry.Name, CatalogForgeTelemetry.AzureSdkSources))
            .WithMetrics(metrics => metrics.AddMeter(CatalogForgeTelemetry.Name))
            .UseFunctionsWorkerDefaults();
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry.UseAzureMonitorExporter(options => options.Credential = new DefaultAzureCredential());
        }
    }
}
