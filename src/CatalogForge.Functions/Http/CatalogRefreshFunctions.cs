using CatalogForge.Api.Endpoints;
using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Intelligence.Nightly.Triggers;
using CatalogForge.Functions.Durable;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CatalogForge.Functions.Http;

/// <summary>
/// <c>POST /api/catalog/refresh</c>: the Server's <see cref="CatalogRefreshApi"/> handler. It starts (or looks up) a
/// workflow, so it takes the invocation's Durable client and lends it to Core for the call.
/// </summary>
public sealed class CatalogRefreshFunctions(NightlyRefreshStarter starter, TenantContext tenant, DurableClientScope durable)
{
    [Function("RefreshCatalog")]
    public async Task<IActionResult> RefreshAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "catalog/refresh")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        using (durable.Use(client))
        {
            return new ResultActionResult(await CatalogRefreshApi.RefreshAsync(tenant, starter, request.HttpContext.RequestAborted));
        }
    }
}
