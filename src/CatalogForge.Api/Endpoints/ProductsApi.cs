using CatalogForge.Core.Products;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CatalogForge.Api.Endpoints;

/// <summary><c>/api/products</c>: a stored product and its image, for the caller's tenant only.</summary>
public static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this IEndpointRouteBuilder routes)
    {
        var products = routes.MapGroup("/products").WithTags("Products");
        products.MapGet("/{id}", GetAsync).WithName("GetProduct");
        products.MapGet("/{id}/image", GetImageAsync).WithName("GetProductImage");
        return products;
    }

    public static async Task<Results<Ok<ProductView>, NotFound>> GetAsync(
        string id, TenantContext tenant, IProductService products, CancellationToken cancellationToken) =>
        await products.GetAsync(tenant.TenantId, id, cancellationToken) is { } product
            ? TypedResults.Ok(product)
            : TypedResults.NotFound();

    public static async Task<Results<FileStreamHttpResult, NotFound>> GetImageAsync(
        string id, TenantContext tenant, IProductService products, CancellationToken cancellationToken) =>
        await products.OpenImageAsync(tenant.TenantId, id, cancellationToken) is { } image
            ? TypedResults.Stream(image.Content, image.ContentType)
            : TypedResults.NotFound();
}
