using CatalogForge.Core.Tenancy;
using CatalogForge.Api;
using CatalogForge.Api.Tenancy;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tests.Tenancy;

/// <summary>The key cache in isolation (a counting directory stands in for Core's, which the HTTP tests use for real).</summary>
public sealed class TenantResolverTests
{
    [Fact]
    public async Task Known_key_is_resolved_once_then_served_from_cache_under_a_hash()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = new CountingDirectory { ["key-1"] = "tenant-1" };
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var resolver = new TenantResolver(directory, cache, Options.Create(new ApiOptions()));

        Assert.Equal("tenant-1", await resolver.ResolveAsync("key-1", ct));
        Assert.Equal("tenant-1", await resolver.ResolveAsync("key-1", ct));

        Assert.Equal(1, directory.Calls);
        Assert.True(cache.TryGetValue(TenantResolver.CacheKey("key-1"), out _));
        Assert.DoesNotContain("key-1", TenantResolver.CacheKey("key-1"), StringComparison.Ordinal);
        Assert.NotEqual(TenantResolver.CacheKey("key-1"), TenantResolver.CacheKey("key-2"));
    }

    [Fact]
    public async Task Unknown_key_is_not_cached()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = new CountingDirectory();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var resolver = new TenantResolver(directory, cache, Options.Create(new ApiOptions()));

        Assert.Null(await resolver.ResolveAsync("key-new", ct));
        directory["key-new"] = "tenant-new";

        Assert.Equal("tenant-new", await resolver.ResolveAsync("key-new", ct));
        Assert.Equal(2, directory.Calls);
    }

    [Fact]
    public async Task Zero_cache_duration_always_asks_the_directory()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = new CountingDirectory { ["key-1"] = "tenant-1" };
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var resolver = new TenantResolver(directory, cache, Options.Create(new ApiOptions { ApiKeyCacheDuration = TimeSpan.Zero }));

        await resolver.ResolveAsync("key-1", ct);
        await resolver.ResolveAsync("key-1", ct);

        Assert.Equal(2, directory.Calls);
    }

    private sealed class CountingDirectory : Dictionary<string, string>, ITenantDirectory
    {
        public int Calls { get; private set; }

        public Task<CreatedTenant> CreateAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> ResolveAsync(string apiKey, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(TryGetValue(apiKey, out var tenantId) ? tenantId : null);
        }
    }
}
