using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Products;

/// <summary>
/// Titles of a set of a tenant's products, read with few queries: small sets as filters of up to
/// <see cref="IdsPerQuery"/> row keys each (Table storage allows 15 comparisons per filter, one is the partition), run
/// together; sets larger than <see cref="MaxPointQueries"/> such queries as one scan of the partition's ids and titles.
/// </summary>
public sealed class ProductTitles(CatalogTables tables)
{
    public const int IdsPerQuery = 14;
    public const int MaxPointQueries = 8;

    private static readonly string[] Columns = ["RowKey", nameof(ProductEntity.Title)];

    /// <summary>Title by product id, for the ids of <paramref name="productIds"/> the tenant has (others are absent).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReadAsync(
        string tenantId, IEnumerable<string> productIds, CancellationToken cancellationToken)
    {
        var wanted = productIds.Distinct(StringComparer.Ordinal).ToList();
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return titles;
        }

        var partition = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        var filters = wanted.Count > IdsPerQuery * MaxPointQueries
            ? [partition]
            : wanted.Chunk(IdsPerQuery)
                .Select(ids => partition + " and (" + string.Join(" or ", ids.Select(id => TableClient.CreateQueryFilter($"RowKey eq {id}"))) + ")")
                .ToList();
        var pages = await Task.WhenAll(filters.Select(filter => ReadAsync(filter, cancellationToken)));
        var set = wanted.ToHashSet(StringComparer.Ordinal);
        foreach (var (id, title) in pages.SelectMany(page => page).Where(row => set.Contains(row.Id)))
        {
            titles[id] = title;
        }

        return titles;
    }

    private async Task<List<(string Id, string Title)>> ReadAsync(string filter, CancellationToken cancellationToken)
    {
        var rows = new List<(string, string)>();
        await foreach (var row in tables.Products.QueryAsync<ProductEntity>(filter, select: Columns, cancellationToken: cancellationToken))
        {
            rows.Add((row.RowKey, row.Title));
        }

        return rows;
    }
}
