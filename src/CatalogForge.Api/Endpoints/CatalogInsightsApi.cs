using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Views;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CatalogForge.Api.Endpoints;

/// <summary>
/// <c>/api/catalog</c>: what the nightly runs found for the caller's tenant — near-duplicate clusters and insights of the
/// current snapshot, the alerts raised and the runs, newest first.
/// </summary>
public static class CatalogInsightsApi
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapCatalogInsightsApi(this IEndpointRouteBuilder routes)
    {
        var catalog = routes.MapGroup("/catalog").WithTags("Catalog");
        catalog.MapGet("/duplicates", DuplicatesAsync).WithName("GetCatalogDuplicates");
        catalog.MapGet("/insights", InsightsAsync).WithName("GetCatalogInsights");
        catalog.MapGet("/alerts", AlertsAsync).WithName("ListCatalogAlerts");
        catalog.MapGet("/runs", RunsAsync).WithName("ListNightlyRuns");
        catalog.MapGet("/runs/{runId}", RunAsync).WithName("GetNightlyRun");
        return catalog;
    }

    public static async Task<Ok<DuplicatesView>> DuplicatesAsync(TenantContext tenant, NightlyQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.DuplicatesAsync(tenant.TenantId, cancellationToken));

    public static async Task<Ok<CatalogInsightsView>> InsightsAsync(TenantContext tenant, NightlyQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.InsightsAsync(tenant.TenantId, cancellationToken));

    public static Task<Results<Ok<NightlyAlertPage>, ValidationProblem>> AlertsAsync(
        string? pageSize, string? continuationToken, TenantContext tenant, NightlyQueries queries, CancellationToken cancellationToken) =>
        PageAsync(pageSize, continuationToken, (size, token) => queries.AlertsAsync(tenant.TenantId, size, token, cancellationToken));

    public static Task<Results<Ok<NightlyRunPage>, ValidationProblem>> RunsAsync(
        string? pageSize, string? continuationToken, TenantContext tenant, NightlyQueries queries, CancellationToken cancellationToken) =>
        PageAsync(pageSize, continuationToken, (size, token) => queries.RunsAsync(tenant.TenantId, size, token, cancellationToken));

    public static async Task<Results<Ok<NightlyRunView>, ValidationProblem, NotFound>> RunAsync(
        string runId, TenantContext tenant, NightlyQueries queries, CancellationToken cancellationToken)
    {
        if (!NightlyIds.IsRunId(runId))
        {
            var query = new QueryValues();
            query.Fail(nameof(runId), "runId is not a run id: yyyyMMdd for a scheduled run, yyyyMMdd-HHmmss (UTC) for an on-demand one.");
            return TypedResults.ValidationProblem(query.Errors, title: "The request is not valid");
        }

        return await queries.RunAsync(tenant.TenantId, runId, cancellationToken) is { } run
            ? TypedResults.Ok(run)
            : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<TPage>, ValidationProblem>> PageAsync<TPage>(
        string? pageSize, string? continuationToken, Func<int, string?, Task<TPage>> read)
    {
        var query = new QueryValues();
        var size = query.Int(nameof(pageSize), pageSize, DefaultPageSize, 1, MaxPageSize);
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The query is not valid");
        }

        try
        {
            return TypedResults.Ok(await read(size, string.IsNullOrWhiteSpace(continuationToken) ? null : continuationToken));
        }
        catch (ClassifiedException ex) when (ex.ErrorClass == ErrorClass.Validation)
        {
            query.Fail(nameof(continuationToken), ex.Message);
            return TypedResults.ValidationProblem(query.Errors, title: "The query is not valid");
        }
    }
}
