using System.Net;
using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Tenancy;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Tenancy;

/// <summary>Several keys per tenant through the Server's API on the real Azurite: revocation, expiry, last use, old rows.</summary>
public sealed class ApiKeyLifecycleTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_revoked_key_is_refused_once_its_cached_lookup_ends_and_the_other_keys_keep_working()
    {
        var ct = TestContext.Current.CancellationToken;
        var cacheDuration = TimeSpan.FromSeconds(1);
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["Auth:ApiKeys:CacheDuration"] = cacheDuration.ToString() });
        var (tenant, defaultClient) = await env.CreateTenantClientAsync("revoke");
        var keys = env.Server.Services.GetRequiredService<IApiKeyDirectory>();
        var second = (await keys.AddAsync(tenant.TenantId, "ci", null, ct))!;
        using var client = env.Server.CreateClient(second.ApiKey);
        using (var before = await client.GetAsync("/api/jobs", ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await keys.RevokeAsync(tenant.TenantId, second.Key.KeyId, ct);
        await Task.Delay(cacheDuration + TimeSpan.FromMilliseconds(200), ct);

        using var after = await client.GetAsync("/api/jobs", ct);
        var problem = await Problem.ReadAsync(after, HttpStatusCode.Unauthorized, ct);
        Assert.Equal("The API key is not valid", problem.Title);
        using var other = await defaultClient.GetAsync("/api/jobs", ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task An_expired_key_is_refused_at_once_even_while_its_lookup_is_cached()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["Auth:ApiKeys:CacheDuration"] = "00:05:00" },
            configureTestServices: services => services.AddSingleton<TimeProvider>(time));
        var (tenant, _) = await env.CreateTenantClientAsync("expiry");
        var added = (await env.Server.Services.GetRequiredService<IApiKeyDirectory>().AddAsync(tenant.TenantId, "temp", time.Now.AddDays(1), ct))!;
        using var client = env.Server.CreateClient(added.ApiKey);
        using (var before = await client.GetAsync("/api/jobs", ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        time.Advance(TimeSpan.FromDays(1));

        using var after = await client.GetAsync("/api/jobs", ct);
        await Problem.ReadAsync(after, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task Last_use_is_written_once_per_interval_however_many_requests_come()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["Auth:ApiKeys:CacheDuration"] = "00:00:00" },
            configureTestServices: CountingKeyDirectory.Register);
        var (tenant, client) = await env.CreateTenantClientAsync("last-used");
        var counting = env.Server.Services.GetRequiredService<CountingKeyDirectory>();

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync("/api/jobs", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(5, counting.Lookups);
        Assert.Equal(1, counting.UseWrites);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        ApiKeyRecord key;
        do
        {
            key = Assert.Single(await counting.ListAsync(tenant.TenantId, ct));
        }
        while (key.LastUsedAt is null && DateTime.UtcNow < deadline && await Delay(ct));

        Assert.NotNull(key.LastUsedAt);
    }

    [Fact]
    public async Task A_key_row_written_before_named_keys_still_opens_the_api()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, _) = await env.CreateTenantClientAsync("legacy");
        var legacyKey = ApiKeyHasher.NewKey();
        var apiKeys = new TableServiceClient(azurite.ConnectionString).GetTableClient(StorageNames.Tables.ApiKeys);
        await apiKeys.AddEntityAsync(
            new TableEntity(ApiKeyHasher.Hash(legacyKey), "key") { ["TenantId"] = tenant.TenantId, ["CreatedAt"] = DateTimeOffset.UtcNow }, ct);

        using var client = env.Server.CreateClient(legacyKey);
        using var response = await client.GetAsync("/api/jobs", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(await env.Server.Services.GetRequiredService<IApiKeyDirectory>().ListAsync(tenant.TenantId, ct),
            key => key is { KeyId: "default", Name: "default" });
    }

    [Fact]
    public async Task The_same_unknown_key_sent_again_is_answered_from_the_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: CountingKeyDirectory.Register);
        using var client = env.Server.CreateClient("cfk_unknown-" + Guid.NewGuid().ToString("N"));

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/api/jobs", ct);
            await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, ct);
        }

        Assert.Equal(1, env.Server.Services.GetRequiredService<CountingKeyDirectory>().Lookups);
    }

    [Fact]
    public async Task A_client_over_its_failed_attempt_limit_gets_429_with_Retry_After_and_no_lookup()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?>
            {
                ["Auth:ApiKeys:FailedAttemptLimit"] = "3",
                ["Auth:ApiKeys:FailedAttemptWindow"] = "00:10:00",
                ["Auth:ApiKeys:CacheDuration"] = "00:05:00",
            },
            configureTestServices: CountingKeyDirectory.Register);
        var (_, valid) = await env.CreateTenantClientAsync("throttle");
        using (var first = await valid.GetAsync("/api/jobs", ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var counting = env.Server.Services.GetRequiredService<CountingKeyDirectory>();
        for (var i = 0; i < 3; i++)
        {
            using var bad = env.Server.CreateClient($"cfk_guess-{i}-{Guid.NewGuid():N}");
            using var response = await bad.GetAsync("/api/jobs", ct);
            await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, ct);
        }

        var lookups = counting.Lookups;
        using var flood = env.Server.CreateClient($"cfk_guess-{Guid.NewGuid():N}");
        using var throttled = await flood.GetAsync("/api/jobs", ct);

        var problem = await Problem.ReadAsync(throttled, HttpStatusCode.TooManyRequests, ct);
        Assert.Equal("Too many failed authentication attempts", problem.Title);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal(lookups, counting.Lookups);

        // A key already known to this host still works from the throttled address; it needs no lookup.
        using var known = await valid.GetAsync("/api/jobs", ct);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(lookups, counting.Lookups);
    }

    [Fact]
    public async Task Neither_a_key_nor_its_hash_is_logged_whatever_becomes_of_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?>
            {
                ["Auth:ApiKeys:CacheDuration"] = "00:00:00",
                ["Auth:ApiKeys:UnknownKeyCacheDuration"] = "00:00:00",
                ["Auth:ApiKeys:FailedAttemptLimit"] = "2",
            },
            configureTestServices: services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        var (tenant, valid) = await env.CreateTenantClientAsync("no-key-in-logs");
        var keys = env.Server.Services.GetRequiredService<IApiKeyDirectory>();
        var revoked = (await keys.AddAsync(tenant.TenantId, "to revoke", null, ct))!;
        await keys.RevokeAsync(tenant.TenantId, revoked.Key.KeyId, ct);
        var unknown = "cfk_unknown-" + Guid.NewGuid().ToString("N");
        var sent = new[] { tenant.ApiKey, revoked.ApiKey, unknown, unknown };

        foreach (var key in sent)
        {
            using var client = env.Server.CreateClient(key);
            using var response = await client.GetAsync("/api/jobs", ct);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests });
        }

        Assert.Contains(logs.Entries, entry => entry.Message.Contains(revoked.Key.KeyId, StringComparison.Ordinal));
        Assert.Contains(logs.Entries, entry => entry.Message.Contains("too many failed attempts", StringComparison.Ordinal));
        var logged = string.Join('\n', logs.Entries.Select(entry => $"{entry.Message} {entry.Exception} {string.Join(' ', entry.State.Values)}"));
        foreach (var key in sent)
        {
            Assert.DoesNotContain(key, logged, StringComparison.Ordinal);
            Assert.DoesNotContain(ApiKeyHasher.Hash(key), logged, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<bool> Delay(CancellationToken cancellationToken)
    {
        await Task.Delay(100, cancellationToken);
        return true;
    }
}
