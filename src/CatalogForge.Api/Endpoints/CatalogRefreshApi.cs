using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Triggers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CatalogForge.Api.Endpoints;

/// <summary>The answer to an accepted refresh: the run started, and where its status is read.</summary>
public sealed record CatalogRefreshAccepted(string RunId, string InstanceId, string Status, string StatusUrl);

/// <summary>
/// <c>POST /api/catalog/refresh</c> (no body): starts an on-demand nightly run of the caller's catalog (run id
/// <c>yyyyMMdd-HHmmss</c>). 202 with <c>Location</c> = the run's status URL; 409 while one of the tenant's runs is in progress.
/// </summary>
public static class CatalogRefreshApi
{
    public static RouteGroupBuilder MapCatalogRefreshApi(this IEndpointRouteBuilder routes)
    {
        var catalog = routes.MapGroup("/catalog").WithTags("Catalog");
        catalog.MapPost("/refresh", RefreshAsync).WithName("RefreshCatalog");
        return catalog;
    }

    /// <summary>The tenant-scoped status of a run (<c>GET /api/catalog/runs/{runId}</c>).</summary>
    public static string StatusUrl(string runId) => $"/api/catalog/runs/{Uri.EscapeDataString(runId)}";

    public static async Task<Results<Accepted<CatalogRefreshAccepted>, ProblemHttpResult>> RefreshAsync(
        TenantContext tenant, NightlyRefreshStarter starter, CancellationToken cancellationToken)
    {
        var refresh = await starter.StartAsync(tenant.TenantId, cancellationToken);
        var statusUrl = StatusUrl(refresh.RunId);
        if (!refresh.Started)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "A catalog run is in progress",
                detail: $"Run {refresh.RunId} of this catalog is still running; its status is at {statusUrl}. Refresh again once it has ended.",
                extensions: new Dictionary<string, object?> { ["runId"] = refresh.RunId, ["statusUrl"] = statusUrl });
        }

        return TypedResults.Accepted(statusUrl, new CatalogRefreshAccepted(refresh.RunId, refresh.InstanceId, NightlyRunStatus.Running, statusUrl));
    }
}
