using CatalogForge.Api.OpenApi;
using CatalogForge.Core.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace CatalogForge.Server.Telemetry;

public static class ServerTelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry for the Server: traces of ASP.NET Core, HttpClient (model calls), the Azure SDK (Tables, Blobs,
    /// Queues), DurableTask.Core (orchestrations and activities, parented across the engine by the trace context it
    /// stores with each start and task message) and CatalogForge's own spans; metrics of the <c>CatalogForge</c> meter,
    /// ASP.NET Core and HttpClient. Prometheus when <c>Telemetry:Prometheus</c> is on, OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddServerTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateOnStart();
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        CatalogForgeTelemetry.EnableAzureSdkActivitySources();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("CatalogForge.Server"))
            .WithTracing(tracing => tracing
                .AddSource(CatalogForgeTelemetry.Name, CatalogForgeTelemetry.DurableTaskSource, CatalogForgeTelemetry.AzureSdkSources)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsScrape(context))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = _ => !AzureSdkSpanIsParent()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CatalogForgeTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary><c>/metrics</c> (when on), the OpenAPI document at <c>/openapi/v1.json</c> and its reference page at <c>/docs</c>.</summary>
    public static WebApplication MapServerTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath, meterProvider: null, configureBranchedPipeline: branch => MetricsAccess.Gate(branch, options), optionsName: null);
        }

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", scalar => scalar
            .WithTitle("CatalogForge API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddDocument(ApiOpenApiExtensions.DocumentName)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent())
            .AllowAnonymous();
        return app;
    }

    public const string MetricsPath = "/metrics";

    private static bool IsScrape(HttpContext context) => context.Request.Path.StartsWithSegments(MetricsPath);

    /// <summary>An Azure SDK call already has its own client span; its HttpClient span would say the same twice.</summary>
    private static bool AzureSdkSpanIsParent() =>
        System.Diagnostics.Activity.Current?.Parent?.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) == true;
}
