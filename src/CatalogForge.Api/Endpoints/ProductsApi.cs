using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Views;
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
        products.MapGet("/{id}/similar", SimilarAsync).WithName("GetSimilarProducts");
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

    public static async Task<Results<Ok<ProductSearchResult>, ValidationProblem, ProblemHttpResult>> SearchAsync(
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

        try
        {
            return TypedResults.Ok(await search.SearchAsync(tenant.TenantId, text!, count, cancellationToken));
        }
        catch (ClassifiedException ex) when (SearchProblem(ex.ErrorClass) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>The query's model call failed: what the caller can do about it, by error class (anything else is a 500).</summary>
    private static ProblemHttpResult? SearchProblem(ErrorClass errorClass) => errorClass switch
    {
        ErrorClass.BudgetExceeded => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
            title: "The tenant's daily AI budget is used up", detail: "Search embeds the query with a model call; try again tomorrow or raise the budget."),
        ErrorClass.ContentPolicy => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
            title: "The query was refused by the model's content policy"),
        ErrorClass.RateLimited or ErrorClass.QuotaExceeded or ErrorClass.ServerError or ErrorClass.Timeout or ErrorClass.Network
            or ErrorClass.CircuitOpen => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "The embedding model is not available right now", detail: $"The query's model call failed ({errorClass}); try again shortly."),
        _ => null,
    };

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

    /// <summary>The product's most similar products in the tenant's current nightly snapshot; k from 1 to <c>Nightly:SimilarTopK</c>.</summary>
    public static async Task<Results<Ok<SimilarProductsView>, ValidationProblem, NotFound>> SimilarAsync(
        string id, string? k, TenantContext tenant, NightlyQueries queries, IOptions<NightlyOptions> options, CancellationToken cancellationToken)
    {
        var query = new QueryValues();
        var topK = options.Value.SimilarTopK;
        var count = query.Int(nameof(k), k, topK, 1, topK);
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The query is not valid");
        }

        return await queries.SimilarAsync(tenant.TenantId, id, count, cancellationToken) is { } similar
            ? TypedResults.Ok(similar)
            : TypedResults.NotFound();
    }
}
