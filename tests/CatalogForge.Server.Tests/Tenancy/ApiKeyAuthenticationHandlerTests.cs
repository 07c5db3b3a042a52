using System.Net;
using CatalogForge.Core.Domain;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Tenancy;

public sealed class ApiKeyAuthenticationHandlerTests(AzuriteFixture azurite)
{
    public static TheoryData<string, string> TenantRoutes => new()
    {
        { "GET", "/api/jobs" },
        { "GET", "/api/jobs/some-job" },
        { "GET", "/api/jobs/some-job/items" },
        { "POST", "/api/jobs/some-job/cancel" },
        { "POST", "/api/jobs" },
        { "GET", "/api/products/some-product" },
        { "GET", "/api/products/some-product/image" },
    };

    [Theory]
    [MemberData(nameof(TenantRoutes))]
    public async Task Missing_key_is_401_with_an_ApiKey_challenge(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        using var client = env.Server.CreateClient(apiKey: null);

        using var response = await client.SendAsync(Request(method, path), ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, ct);
        Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("An API key is required", problem.Title);
    }

    [Theory]
    [MemberData(nameof(TenantRoutes))]
    public async Task Unknown_key_is_401(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        using var client = env.Server.CreateClient(apiKey: "cf_not-a-real-key-" + Guid.NewGuid().ToString("N"));

        using var response = await client.SendAsync(Request(method, path), ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, ct);
        Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("The API key is not valid", problem.Title);
    }

    [Fact]
    public async Task Key_is_checked_before_the_body_is_read()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        using var client = env.Server.CreateClient(apiKey: null);

        using var response = await client.PostJobAsync("{ this is not json", ct);

        await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task Another_tenant_sees_404_for_the_job_its_items_and_its_product()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, owner) = await env.CreateTenantClientAsync("tenant-a");
        var (_, other) = await env.CreateTenantClientAsync("tenant-b");
        var accepted = await owner.SubmitJobAsync(Payloads.Generate(1, Guid.NewGuid().ToString("N")), ct);
        var job = await owner.WaitForJobAsync(accepted.JobId, ct);
        Assert.Equal(JobStatus.Completed, job.Status);
        var productId = Assert.Single(await owner.GetAllItemsAsync(accepted.JobId, ct)).ProductId!;

        foreach (var (method, path) in new[]
                 {
                     ("GET", $"/api/jobs/{accepted.JobId}"),
                     ("GET", $"/api/jobs/{accepted.JobId}/items"),
                     ("POST", $"/api/jobs/{accepted.JobId}/cancel"),
                     ("GET", $"/api/products/{productId}"),
                     ("GET", $"/api/products/{productId}/image"),
                 })
        {
            using var response = await other.SendAsync(Request(method, path), ct);
            await Problem.ReadAsync(response, HttpStatusCode.NotFound, ct);

            using var own = await owner.SendAsync(Request(method, path), ct);
            Assert.True(own.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{method} {path} as owner: {(int)own.StatusCode}");
        }

        var listed = await other.GetStringAsync("/api/jobs", ct);
        Assert.DoesNotContain(accepted.JobId, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_readiness_need_no_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        using var client = env.Server.CreateClient(apiKey: null);

        using var health = await client.GetAsync("/api/health", ct);
        using var readiness = await client.GetAsync("/api/readiness", ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);
    }

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path)
        {
            Content = method == "POST" && path == "/api/jobs" ? ApiCalls.JsonBody(Payloads.Generate(1, "unauthorized")) : null,
        };
}
