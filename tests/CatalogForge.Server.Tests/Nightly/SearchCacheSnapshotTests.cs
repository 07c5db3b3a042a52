using Azure.Data.Tables;
using CatalogForge.Core.Search;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Nightly;

/// <summary>The search's vector cache reloads when a nightly run moves the snapshot pointer, and still when a product is saved.</summary>
public sealed class SearchCacheSnapshotTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_published_snapshot_reloads_the_cached_vectors_and_a_saved_product_still_does()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("search-cache");
        var salt = Guid.NewGuid().ToString("N");
        var job = await client.SubmitJobAsync(Payloads.Generate(3, salt, images: false), ct);
        await client.WaitForJobAsync(job.JobId, ct);
        var cache = env.Server.Services.GetRequiredService<ProductVectorCache>();
        var embeddings = new TableClient(azurite.ConnectionString, StorageNames.Tables.Embeddings);
        var row = (await embeddings.GetEntityAsync<EmbeddingEntity>(tenant.TenantId, $"{job.JobId}-000001", cancellationToken: ct)).Value;
        var before = await cache.GetAsync(tenant.TenantId, row.Model, row.Dimensions, ct);

        // A vector rewritten the way the nightly run re-embeds (no product saved): the cache does not see it yet.
        var axis = new float[row.Dimensions];
        axis[0] = 1;
        row.Vector = EmbeddingEntity.Pack(axis);
        await embeddings.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, ct);
        Assert.Same(before, await cache.GetAsync(tenant.TenantId, row.Model, row.Dimensions, ct));

        // The run publishes its snapshot: the moved pointer reloads the vectors, which now hold the new one.
        await NightlyReadsApiTests.RunAsync(env, tenant.TenantId, new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero), ct);
        var afterRun = await cache.GetAsync(tenant.TenantId, row.Model, row.Dimensions, ct);
        Assert.NotSame(before, afterRun);
        var (best, score) = afterRun.TopK(axis, 1)[0];
        Assert.Equal(row.RowKey, afterRun.ProductIds[best]);
        Assert.Equal(1f, score, 5);
        Assert.Same(afterRun, await cache.GetAsync(tenant.TenantId, row.Model, row.Dimensions, ct));

        // Between runs a saved product still changes the version.
        var more = await client.SubmitJobAsync(Payloads.Generate(1, salt + "more", images: false), ct);
        await client.WaitForJobAsync(more.JobId, ct);
        var afterSave = await cache.GetAsync(tenant.TenantId, row.Model, row.Dimensions, ct);
        Assert.NotSame(afterRun, afterSave);
        Assert.Contains($"{more.JobId}-000000", afterSave.ProductIds);
    }
}
