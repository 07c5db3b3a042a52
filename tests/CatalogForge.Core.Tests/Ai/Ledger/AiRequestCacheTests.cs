using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Storage;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Ai.Ledger;

public sealed class AiRequestCacheTests(AzuriteFixture azurite)
{
    public sealed record ProductCopy(string Title, string[] Bullets, decimal Price);

    private static readonly RoutedDeployment Chat = new("chat-standard", new AiDeploymentOptions { Model = "gpt-x", Task = AiTask.Chat, MaxOutputTokens = 1500 });
    private static readonly RoutedDeployment Embed = new("embed", new AiDeploymentOptions { Model = "emb-x", Task = AiTask.Embedding, Dimensions = 256 });
    private static readonly RoutedDeployment Image = new("image", new AiDeploymentOptions { Model = "img-x", Task = AiTask.Image, ImageSize = "1024x1024" });

    private async Task<AiRequestCache> CreateAsync()
    {
        var (tables, blobs) = await LedgerStorage.CreateAsync(azurite);
        return new AiRequestCache(tables, blobs, new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Record_round_trips_inline_with_its_original_usage()
    {
        var ct = TestContext.Current.CancellationToken;
        var cache = await CreateAsync();
        var tenant = LedgerStorage.NewTenant("record");
        var key = AiCacheKey.ForChat(Chat, "You write copy.", "A red chair", nameof(ProductCopy));
        var value = new ProductCopy("Red chair", ["Comfy", "Red"], 49.99m);
        var usage = new AiUsage("chat-standard", "gpt-x", 120, 340, 0, 0.0123m, CacheHit: false);

        Assert.Null(await cache.TryGetAsync<ProductCopy>(tenant, key, ct));
        await cache.StoreAsync(tenant, key, value, usage, ct);

        var hit = await cache.TryGetAsync<ProductCopy>(tenant, key, ct);
        Assert.NotNull(hit);
        Assert.Equal(value.Title, hit.Value.Title);
        Assert.Equal(value.Bullets, hit.Value.Bullets);
        Assert.Equal(value.Price, hit.Value.Price);
        Assert.Equal(usage, hit.OriginalUsage);
        Assert.Equal(usage with { CostUsd = 0m, CacheHit = true }, hit.HitUsage);

        var (tables, _) = await LedgerStorage.CreateAsync(azurite);
        var row = await tables.GetTableClient(StorageNames.Tables.AiCache).GetEntityAsync<AiCacheEntity>(tenant, key, cancellationToken: ct);
        Assert.NotNull(row.Value.Payload);
        Assert.Null(row.Value.BlobName);
    }

    [Fact]
    public async Task Large_bytes_go_to_a_blob_and_round_trip()
    {
        var ct = TestContext.Current.CancellationToken;
        var cache = await CreateAsync();
        var tenant = LedgerStorage.NewTenant("blob");
        var key = AiCacheKey.ForImage(Image, "A red chair on white");
        var png = new byte[300 * 1024];
        new Random(42).NextBytes(png);
        var usage = new AiUsage("image", "img-x", 0, 0, 1, 0.04m, CacheHit: false);

        await cache.StoreAsync(tenant, key, png, usage, ct);
        var hit = await cache.TryGetAsync<byte[]>(tenant, key, ct);

        Assert.NotNull(hit);
        Assert.Equal(png, hit.Value);
        Assert.Equal(1, hit.OriginalUsage.Images);
        Assert.Equal(0.04m, hit.OriginalUsage.CostUsd);

        var (tables, blobs) = await LedgerStorage.CreateAsync(azurite);
        var row = await tables.GetTableClient(StorageNames.Tables.AiCache).GetEntityAsync<AiCacheEntity>(tenant, key, cancellationToken: ct);
        Assert.Null(row.Value.Payload);
        Assert.Equal($"{tenant}/{key}", row.Value.BlobName);
        var exists = await blobs.GetBlobContainerClient(StorageNames.Containers.AiCache).GetBlobClient($"{tenant}/{key}").ExistsAsync(ct);
        Assert.True(exists.Value);
    }

    [Fact]
    public async Task Tenants_never_see_each_others_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        var cache = await CreateAsync();
        var tenantA = LedgerStorage.NewTenant("a");
        var tenantB = LedgerStorage.NewTenant("b");
        var key = AiCacheKey.ForEmbedding(Embed, "red chair");
        var big = new byte[100 * 1024];

        await cache.StoreAsync(tenantA, key, new[] { 0.1f, 0.2f }, new AiUsage("embed", "emb-x", 3, 0, 0, 0.0001m, false), ct);
        await cache.StoreAsync(tenantA, key + "0", big, new AiUsage("image", "img-x", 0, 0, 1, 0.04m, false), ct);

        Assert.NotNull(await cache.TryGetAsync<float[]>(tenantA, key, ct));
        Assert.Null(await cache.TryGetAsync<float[]>(tenantB, key, ct));
        Assert.Null(await cache.TryGetAsync<byte[]>(tenantB, key + "0", ct));
    }

    [Fact]
    public void Key_is_stable_and_sensitive_to_every_input()
    {
        var key = AiCacheKey.ForChat(Chat, "System", "User prompt", "T");
        Assert.Equal(key, AiCacheKey.ForChat(Chat, "System", "User prompt", "T"));
        Assert.Equal(key, AiCacheKey.ForChat(Chat, "System\r\n", "  User prompt  \r\n", "T")); // normalised
        Assert.Matches("^[0-9a-f]{64}$", key);

        Assert.NotEqual(key, AiCacheKey.ForChat(Chat, "System", "User prompt!", "T"));
        Assert.NotEqual(key, AiCacheKey.ForChat(Chat, "System User", "prompt", "T"));
        Assert.NotEqual(key, AiCacheKey.ForChat(Chat, "System", "User prompt", "U"));
        Assert.NotEqual(key, AiCacheKey.ForChat(Chat with { Options = new AiDeploymentOptions { Model = "gpt-x", MaxOutputTokens = 800 } }, "System", "User prompt", "T"));
        Assert.NotEqual(key, AiCacheKey.ForChat(Chat with { Name = "chat-economy" }, "System", "User prompt", "T"));
        Assert.NotEqual(key, AiCacheKey.ForChat(Chat with { Options = new AiDeploymentOptions { Model = "gpt-y", MaxOutputTokens = 1500 } }, "System", "User prompt", "T"));

        var embed = AiCacheKey.ForEmbedding(Embed, "text");
        Assert.Equal(embed, AiCacheKey.ForEmbedding(Embed, "text"));
        Assert.NotEqual(embed, AiCacheKey.ForEmbedding(Embed with { Options = new AiDeploymentOptions { Model = "emb-x", Dimensions = 512 } }, "text"));

        var image = AiCacheKey.ForImage(Image, "p");
        Assert.NotEqual(image, AiCacheKey.ForImage(Image with { Options = new AiDeploymentOptions { Model = "img-x", ImageSize = "512x512" } }, "p"));

        // Parameter order does not matter; task does.
        Assert.Equal(
            AiCacheKey.Compute(AiTask.Chat, "d", "m", ["p"], [new("a", "1"), new("b", "2")]),
            AiCacheKey.Compute(AiTask.Chat, "d", "m", ["p"], [new("b", "2"), new("a", "1")]));
        Assert.NotEqual(
            AiCacheKey.Compute(AiTask.Chat, "d", "m", ["p"]),
            AiCacheKey.Compute(AiTask.Embedding, "d", "m", ["p"]));
    }
}
