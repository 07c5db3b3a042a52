using Azure.Data.Tables;
using CatalogForge.Core.Products;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Products;

/// <summary>Batched title look-ups on Azurite: filters of a few ids each for small sets, one partition scan for large ones.</summary>
public sealed class ProductTitlesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Titles_come_from_the_tenants_own_rows_in_batches_and_by_scan_and_unknown_ids_are_absent()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = new TableServiceClient(azurite.ConnectionString);
        await service.GetTableClient(StorageNames.Tables.Products).CreateIfNotExistsAsync(ct);
        var titles = new ProductTitles(new CatalogTables(service));
        var (tenant, other) = ($"titles-{Guid.NewGuid():N}", $"titles-other-{Guid.NewGuid():N}");
        var count = (ProductTitles.IdsPerQuery * ProductTitles.MaxPointQueries) + 10;
        var ids = Enumerable.Range(0, count).Select(i => $"p{i:D4}").ToList();
        await WriteAsync(service, tenant, ids, "mine", ct);
        await WriteAsync(service, other, ids, "theirs", ct);

        // 20 ids and 2 unknown: two filtered queries.
        var some = await titles.ReadAsync(tenant, ids.Take(20).Append("p9998").Append("p9999").Append(ids[0]), ct);
        Assert.Equal(ids.Take(20), some.Keys.Order(StringComparer.Ordinal));
        Assert.All(some, pair => Assert.Equal($"mine {pair.Key}", pair.Value));

        // More ids than the filtered queries take: one scan of the partition, still only the ids asked for.
        var all = await titles.ReadAsync(tenant, ids.Skip(1).Append("p9999"), ct);
        Assert.Equal(ids.Skip(1), all.Keys.Order(StringComparer.Ordinal));
        Assert.All(all, pair => Assert.Equal($"mine {pair.Key}", pair.Value));

        Assert.Empty(await titles.ReadAsync(tenant, [], ct));
        Assert.Empty(await titles.ReadAsync($"titles-none-{Guid.NewGuid():N}", ids.Take(3), ct));
    }

    private static async Task WriteAsync(TableServiceClient service, string tenantId, IEnumerable<string> ids, string prefix, CancellationToken ct)
    {
        var table = service.GetTableClient(StorageNames.Tables.Products);
        foreach (var chunk in ids.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(id => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new ProductEntity { PartitionKey = tenantId, RowKey = id, Title = $"{prefix} {id}", Kind = "Enrich" })), ct);
        }
    }
}
