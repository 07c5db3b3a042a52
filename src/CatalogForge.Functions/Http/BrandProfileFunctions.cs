using CatalogForge.Api.Endpoints;
using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Perception;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CatalogForge.Functions.Http;

/// <summary><c>/api/catalog/brand-profile</c>: the Server's <see cref="BrandProfileApi"/> handlers.</summary>
public sealed class BrandProfileFunctions(BrandProfileStore profiles, TenantContext tenant, IOptions<HttpJsonOptions> json)
{
    [Function("GetBrandProfile")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/brand-profile")] HttpRequest request) =>
        new ResultActionResult(await BrandProfileApi.GetAsync(tenant, profiles, request.HttpContext.RequestAborted));

    [Function("PutBrandProfile")]
    public async Task<IActionResult> PutAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "catalog/brand-profile")] HttpRequest request)
    {
        var body = await JsonBody.ReadAsync<BrandProfileRequest>(request, BrandProfileApi.MaxSettingsBodySize, json.Value.SerializerOptions);
        return body.Problem is { } problem
            ? new ResultActionResult(problem)
            : new ResultActionResult(await BrandProfileApi.PutAsync(body.Value!, tenant, profiles, request.HttpContext.RequestAborted));
    }
}
