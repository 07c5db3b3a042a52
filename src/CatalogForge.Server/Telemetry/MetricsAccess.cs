using System.Net;
using Microsoft.AspNetCore.Mvc;

namespace CatalogForge.Server.Telemetry;

/// <summary>
/// <c>/metrics</c> is anonymous (a Prometheus scraper has no tenant key), so by default only a caller on this machine
/// may read it: anyone else gets 403 unless <see cref="TelemetryOptions.PrometheusAllowRemote"/> is set.
/// </summary>
internal static class MetricsAccess
{
    public const string Title = "Metrics are served to loopback callers only";

    public static bool IsAllowed(HttpContext context, TelemetryOptions options) =>
        options.PrometheusAllowRemote || context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);

    /// <summary>The first middleware of the scrape branch.</summary>
    public static void Gate(IApplicationBuilder branch, TelemetryOptions options) =>
        branch.Use(async (context, next) =>
        {
            if (IsAllowed(context, options))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = Title,
                    Detail = "Scrape from the Server's own machine, or set Telemetry:PrometheusAllowRemote behind a trusted network.",
                },
            });
        });
}
