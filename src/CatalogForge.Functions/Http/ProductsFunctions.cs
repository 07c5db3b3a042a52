using CatalogForge.Core.Intelligence;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Products;
using CatalogForge.Core.Search;
using CatalogForge.Api.Endpoints;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CatalogForge.Functions.Http;

/// <summary><c>/api/products</c>: the Server's <see cref="ProductsApi"/> handlers.</summary>
public sealed class ProductsFunctions(
    IProductService products, ProductSearch search, IOptions<SearchOptions> searchOptions, NightlyQueries nightly,
    IOptions<NightlyOptions> nightlyOptions, TenantContext tenant)
{
    [Function("SearchProducts")]
    public async Task<IActionResult> SearchAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/search")] HttpRequest request) =>
        new ResultActionResult(await ProductsApi.SearchAsync(
            request.Query["q"], request.Query["k"], tenant, search, searchOptions, request.HttpContext.RequestAborted));

    [Function("ListProducts")]
    public async Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products")] HttpRequest request)
    {
        var query = request.Query;
        return new ResultActionResult(await ProductsApi.ListAsync(
            query["jobId"], query["category"], query["createdFrom"], query["createdTo"], query["degraded"], query["continuationToken"],
            query["pageSize"], tenant, products, request.HttpContext.RequestAborted));
    }

    [Function("GetProduct")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{id}")] HttpRequest request, string id) =>
        new ResultActionResult(await ProductsApi.GetAsync(id, tenant, products, request.HttpContext.RequestAborted));

    [Function("GetProductImage")]
    public async Task<IActionResult> GetImageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{id}/image")] HttpRequest request, string id) =>
        new ResultActionResult(await ProductsApi.GetImageAsync(id, tenant, products, request.HttpContext.RequestAborted));

    [Function("GetSimilarProducts")]
    public async Task<IActionResult> SimilarAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{id}/similar")] HttpRequest request, string id) =>
        new ResultActionResult(await ProductsApi.SimilarAsync(id, request.Query["k"], tenant, nightly, nightlyOptions, request.HttpContext.RequestAborted));
}
