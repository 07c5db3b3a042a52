using CatalogForge.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CatalogForge.Api.Endpoints;

/// <summary>
/// <c>GET /api/health</c> (liveness: the process answers, nothing else is checked) and <c>GET /api/readiness</c>
/// (every health check tagged <see cref="ReadyTag"/>: tables, blobs, queues, ai). Both anonymous, so readiness names
/// the failing checks but describes them in its own words: a check's description or exception may carry endpoint URLs
/// and exception text, which <see cref="HealthCheckService"/> logs (event <c>HealthCheckEnd</c>) and nobody else sees.
/// </summary>
public static class HealthApi
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", GetHealth).WithName("Health").WithTags("Health").AllowAnonymous();
        routes.MapGet("/readiness", GetReadinessAsync).WithName("Readiness").WithTags("Health").AllowAnonymous();
        return routes;
    }

    public static Ok<LivenessReport> GetHealth() => TypedResults.Ok(new LivenessReport(nameof(HealthStatus.Healthy)));

    /// <summary>The description of a check that is not healthy because its dependency did not answer.</summary>
    public const string UnavailableDescription = "The dependency did not answer (unreachable, busy or timed out).";

    /// <summary>The description of a check that is not healthy for any other reason.</summary>
    public const string FailedDescription = "The check failed; the cause is in the server log.";

    public static async Task<Results<Ok<ReadinessReport>, ProblemHttpResult>> GetReadinessAsync(
        HealthCheckService health, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(registration => registration.Tags.Contains(ReadyTag), cancellationToken);
        var checks = report.Entries
            .Select(entry => new ReadinessCheck(
                entry.Key,
                entry.Value.Status.ToString(),
                Describe(entry.Value),
                Math.Round(entry.Value.Duration.TotalMilliseconds, 1)))
            .ToList();

        // Degraded still serves traffic; only Unhealthy takes the instance out of rotation.
        var failing = checks.Where(check => check.Status == nameof(HealthStatus.Unhealthy)).Select(check => check.Name).ToList();
        if (failing.Count == 0)
        {
            return TypedResults.Ok(new ReadinessReport(report.Status.ToString(), checks));
        }

        httpContext.Response.Headers.RetryAfter = ApiExceptionHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: $"Not ready: {string.Join(", ", failing)}",
            detail: "One or more dependencies failed their readiness check.",
            extensions: new Dictionary<string, object?>
            {
                ["health"] = report.Status.ToString(),
                ["checks"] = checks,
            });
    }

    /// <summary>A healthy check keeps Core's wording (no URLs, no exception); any other gets the API's.</summary>
    private static string? Describe(HealthReportEntry entry) => entry.Status switch
    {
        HealthStatus.Healthy => entry.Description,
        _ when entry.Exception is { } exception && DependencyFailures.IsUnavailable(exception) => UnavailableDescription,
        _ => FailedDescription,
    };

    public sealed record LivenessReport(string Status);

    public sealed record ReadinessReport(string Status, IReadOnlyList<ReadinessCheck> Checks);

    public sealed record ReadinessCheck(string Name, string Status, string? Description, double DurationMs);
}
