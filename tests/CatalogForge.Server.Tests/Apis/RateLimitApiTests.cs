using System.Net;
using CatalogForge.Api.Errors;
using CatalogForge.Api.RateLimiting;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>The per-tenant request rate limit (Api:RateLimit): a token bucket per tenant, after authentication.</summary>
public sealed class RateLimitApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_tenant_over_its_rate_gets_429_with_Retry_After_while_other_tenants_and_health_are_served()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Api:RateLimit:TokenLimit"] = "2",
            ["Api:RateLimit:TokensPerPeriod"] = "1",
            ["Api:RateLimit:ReplenishmentPeriod"] = "00:01:00",
        });
        var (_, client) = await env.CreateTenantClientAsync("rate-a");
        var (_, other) = await env.CreateTenantClientAsync("rate-b");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.GetAsync("/api/jobs", ct);
            statuses.Add(ok.StatusCode);
        }

        using var limited = await client.GetAsync("/api/jobs", ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], statuses);
        var problem = await Problem.ReadAsync(limited, HttpStatusCode.TooManyRequests, ct);
        Assert.Equal(TooManyRequests.RateLimitTitle, problem.Title);
        Assert.Contains(ApiRateLimitOptions.Section, problem.Detail, StringComparison.Ordinal);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");

        using (var otherTenant = await other.GetAsync("/api/jobs", ct))
        {
            Assert.Equal(HttpStatusCode.OK, otherTenant.StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            using var health = await client.GetAsync("/api/health", ct);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
    }

    [Theory]
    [InlineData("Api:RateLimit:TokenLimit", "0")]
    [InlineData("Api:RateLimit:TokensPerPeriod", "-1")]
    [InlineData("Api:RateLimit:ReplenishmentPeriod", "00:00:00")]
    public async Task Invalid_rate_limit_settings_stop_the_host_at_start_naming_the_setting(string key, string value)
    {
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { [key] = value },
            configureTestServices: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains(key, FailedStart.ValidationOf(env, logs).Message, StringComparison.Ordinal);
    }
}
