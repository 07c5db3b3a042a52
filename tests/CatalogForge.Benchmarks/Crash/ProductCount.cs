using Azure.Data.Tables;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage;

namespace CatalogForge.Benchmarks.Crash;

public static class ProductCount
{
    /// <summary>Items whose product id is set, unique to the item, and stored as exactly one row in <c>Products</c>.</summary>
    public static async Task<int> OfAsync(
        TableServiceClient tables, string tenantId, IReadOnlyList<JobItemView> items, CancellationToken cancellationToken)
    {
        var rows = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in tables.GetTableClient(StorageNames.Tables.Products).QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row.RowKey);
        }

        var perProduct = items.Where(item => item.ProductId is not null).GroupBy(item => item.ProductId!).ToList();
        return perProduct.Count(group => group.Count() == 1 && rows.Contains(group.Key));
    }
}
