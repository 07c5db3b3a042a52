using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CatalogForge.Api.Endpoints;

/// <summary>
/// <c>GET /api/health</c> (liveness: the process answers, nothing else is checked) and <c>GET /api/readiness</c>
/// (every health check tagged <see cref="ReadyTag"/>: tables, blobs, queues, ai). Both anonymous.
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

    public static async Task<Results<Ok<ReadinessReport>, ProblemHttpResult>> GetReadinessAsync(
        HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(registration => registration.Tags.Contains(ReadyTag), cancellationToken);
        var checks = report.Entries
            .Select(entry => new ReadinessCheck(
                entry.Key,
                entry.Value.Status.ToString(),
                entry.Value.Description,
                Math.Round(entry.Value.Duration.TotalMilliseconds, 1)))
            .ToList();

        // Degraded still serves traffic; only Unhealthy takes the instance out of rotation.
        var failing = checks.Where(check => check.Status == nameof(HealthStatus.Unhealthy)).Select(check => check.Name).ToList();
        if (failing.Count == 0)
        {
            return TypedResults.Ok(new ReadinessReport(report.Status.ToString(), checks));
        }

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

    public sealed record LivenessReport(string Status);

    public sealed record ReadinessReport(string Status, IReadOnlyList<ReadinessCheck> Checks);

    public sealed record ReadinessCheck(string Name, string Status, string? Description, double DurationMs);
}
