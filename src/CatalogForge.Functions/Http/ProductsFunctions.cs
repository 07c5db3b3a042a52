using CatalogForge.Core.Products;
using CatalogForge.Api.Endpoints;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Http;

/// <summary><c>/api/products</c>: the Server's <see cref="ProductsApi"/> handlers.</summary>
public sealed class ProductsFunctions(IProductService products, TenantContext tenant)
{
    [Function("GetProduct")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{id}")] HttpRequest request, string id) =>
        new ResultActionResult(await ProductsApi.GetAsync(id, tenant, products, request.HttpContext.RequestAborted));

    [Function("GetProductImage")]
    public async Task<IActionResult> GetImageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{id}/image")] HttpRequest request, string id) =>
        new ResultActionResult(await ProductsApi.GetImageAsync(id, tenant, products, request.HttpContext.RequestAborted));
}
