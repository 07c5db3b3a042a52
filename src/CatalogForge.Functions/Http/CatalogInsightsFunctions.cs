using CatalogForge.Api.Endpoints;
using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Intelligence.Nightly;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Http;

/// <summary><c>/api/catalog</c> duplicates, insights, alerts and runs: the Server's <see cref="CatalogInsightsApi"/> handlers.</summary>
public sealed class CatalogInsightsFunctions(NightlyQueries queries, TenantContext tenant)
{
    [Function("GetCatalogDuplicates")]
    public async Task<IActionResult> DuplicatesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/duplicates")] HttpRequest request) =>
        new ResultActionResult(await CatalogInsightsApi.DuplicatesAsync(tenant, queries, request.HttpContext.RequestAborted));

    [Function("GetCatalogInsights")]
    public async Task<IActionResult> InsightsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/insights")] HttpRequest request) =>
        new ResultActionResult(await CatalogInsightsApi.InsightsAsync(tenant, queries, request.HttpContext.RequestAborted));

    [Function("ListCatalogAlerts")]
    public async Task<IActionResult> AlertsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/alerts")] HttpRequest request) =>
        new ResultActionResult(await CatalogInsightsApi.AlertsAsync(
            request.Query["pageSize"], request.Query["continuationToken"], tenant, queries, request.HttpContext.RequestAborted));

    [Function("ListNightlyRuns")]
    public async Task<IActionResult> RunsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/runs")] HttpRequest request) =>
        new ResultActionResult(await CatalogInsightsApi.RunsAsync(
            request.Query["pageSize"], request.Query["continuationToken"], tenant, queries, request.HttpContext.RequestAborted));

    [Function("GetNightlyRun")]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/runs/{runId}")] HttpRequest request, string runId) =>
        new ResultActionResult(await CatalogInsightsApi.RunAsync(runId, tenant, queries, request.HttpContext.RequestAborted));
}
