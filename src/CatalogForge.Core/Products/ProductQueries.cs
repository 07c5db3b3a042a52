using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Products;

/// <summary>
/// The filtered read of a tenant's <c>Products</c> partition. Product ids are <c>{jobId}-{index}</c> and job ids sort
/// newest first, so the partition is already in list order: newest first, a job and a created range are row-key ranges,
/// and only category and degraded are column filters inside that range.
/// </summary>
public sealed class ProductQueries(CatalogTables tables, SignedTablePages pages)
{
    public async Task<ProductListPage> ListAsync(string tenantId, ProductListQuery query, CancellationToken cancellationToken)
    {
        var filter = Filter(tenantId, query);
        var page = await pages.ReadAsync<ProductEntity>(tables.Products, filter, ContinuationTokens.Scope(tenantId, "products", filter),
            query.ContinuationToken, query.PageSize, cancellationToken);
        return new ProductListPage(page.Values.Select(ToSummary).ToList(), page.ContinuationToken);
    }

    internal static string Filter(string tenantId, ProductListQuery query)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        if (query.JobId is { } jobId)
        {
            // Every id of the job's products is "{jobId}-…"; '.' is the character after '-'.
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {jobId + "-"} and RowKey lt {jobId + "."}");
        }

        if (query.CreatedFrom is { } from)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {NewestFirstKeys.Bound(from)}");
        }

        if (query.CreatedTo is { } to)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {NewestFirstKeys.Bound(to)}");
        }

        if (query.Category is { } category)
        {
            // The category itself, or a path under it: "books" matches "books" and "books › baking" (' ' + 1 is '!').
            var key = ProductEntity.CategoryKeyOf(category);
            var under = key + " › ";
            filter += " and " + TableClient.CreateQueryFilter(
                $"(CategoryKey eq {key} or (CategoryKey ge {under} and CategoryKey lt {key + " ›!"}))");
        }

        if (query.Degraded is { } degraded)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Degraded eq {degraded}");
        }

        return filter;
    }

    private static ProductSummary ToSummary(ProductEntity row) => new()
    {
        ProductId = row.RowKey,
        JobId = row.JobId,
        ItemIndex = row.ItemIndex,
        Kind = row.JobKind,
        Title = row.Title,
        Summary = row.Summary,
        Category = row.Category,
        HasImage = row.ImageBlob is not null,
        Degraded = row.Degraded,
        CreatedAt = row.CreatedAt,
    };
}
