using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Api.Endpoints;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Http;

/// <summary><c>GET /api/usage</c>: the Server's <see cref="UsageApi"/> handler.</summary>
public sealed class UsageFunctions(UsageReport report, TimeProvider time, TenantContext tenant)
{
    [Function("GetUsage")]
    public async Task<IActionResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "usage")] HttpRequest request) =>
        new ResultActionResult(await UsageApi.GetAsync(
            request.Query["from"], request.Query["to"], tenant, report, time, request.HttpContext.RequestAborted));
}
