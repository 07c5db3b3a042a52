using CatalogForge.Core.Jobs;
using CatalogForge.Core.Products;
using CatalogForge.Core.Search;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CatalogForge.Api.Endpoints;

/// <summary><c>/api/products</c>: the list, a stored product and its image, for the caller's tenant only.</summary>
public static class ProductsApi
{
    public static RouteGroupBuilder MapProductsApi(this IEndpointRouteBuilder routes)
    {
        var products = routes.MapGroup("/products").WithTags("Products");
        products.MapGet("/", ListAsync).WithName("ListProducts");
        products.MapGet("/search", SearchAsync).WithName("SearchProducts");
        products.MapGet("/{id}", GetAsync).WithName("GetProduct");
        products.MapGet("/{id}/image", GetImageAsync).WithName("GetProductImage");
        return products;
    }

    public const int MaxCategoryLength = 300;

    public static async Task<Results<Ok<ProductListPage>, ValidationProblem>> ListAsync(
        string? jobId, string? category, string? createdFrom, string? createdTo, string? degraded, string? continuationToken,
        string? pageSize, TenantContext tenant, IProductService products, CancellationToken cancellationToken)
    {
        var query = new QueryValues();
        var listQuery = new ProductListQuery
        {
            JobId = JobIdFilter(query, jobId),
            Category = query.Text(nameof(category), category, MaxCategoryLength),
            CreatedFrom = query.InstantWithin(nameof(createdFrom), createdFrom, JobIds.MinCreated, JobIds.MaxCreated),
            CreatedTo = query.InstantWithin(nameof(createdTo), createdTo, JobIds.MinCreated, JobIds.MaxCreated),
            Degraded = query.Bool(nameof(degraded), degraded),
            ContinuationToken = string.IsNullOrWhiteSpace(continuationToken) ? null : continuationToken,
            PageSize = query.Int(nameof(pageSize), pageSize, ProductListQuery.DefaultPageSize, 1, ProductListQuery.MaxPageSize),
        };
        if (listQuery is { CreatedFrom: { } from, CreatedTo: { } to } && from >= to)
        {
            query.Fail(nameof(createdTo), "createdTo must be later than createdFrom (the range is [createdFrom, createdTo)).");
        }

        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The query is not valid");
        }

        return TypedResults.Ok(await products.ListAsync(tenant.TenantId, listQuery, cancellationToken));
    }

    public static async Task<Results<Ok<ProductSearchResult>, ValidationProblem>> SearchAsync(
        string? q, string? k, TenantContext tenant, ProductSearch search, IOptions<SearchOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var query = new QueryValues();
        var text = query.Text(nameof(q), q, limits.MaxQueryLength);
        if (text is null && query.IsValid)
        {
            query.Fail(nameof(q), "q is required: the words to search the tenant's products by.");
        }

        var count = query.Int(nameof(k), k, limits.DefaultK, 1, limits.MaxK);
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The query is not valid");
        }

        return TypedResults.Ok(await search.SearchAsync(tenant.TenantId, text!, count, cancellationToken));
    }

    private static string? JobIdFilter(QueryValues query, string? jobId)
    {
        if (string.IsNullOrWhiteSpace(jobId))
        {
            return null;
        }

        if (!JobIds.IsWellFormed(jobId.Trim()))
        {
            query.Fail(nameof(jobId), "jobId is not a job id (17 characters: 13 digits and 4 lower-case hex digits, as POST /api/jobs returns).");
            return null;
        }

        return jobId.Trim();
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
