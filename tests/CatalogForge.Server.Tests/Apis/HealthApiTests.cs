using System.Net;
using System.Text.Json;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

public sealed class HealthApiTests(AzuriteFixture azurite)
{
    private static readonly string[] ReadyChecks = ["tables", "blobs", "queues", "ai"];

    [Fact]
    public async Task Health_answers_without_a_key_and_without_touching_dependencies()
    {
        var ct = TestContext.Current.CancellationToken;
        // Storage and AI both point at closed ports: liveness must not care.
        await using var server = Unreachable.Server(Unreachable.ClosedPort());
        using var client = server.CreateClient(apiKey: null);

        using var response = await client.GetAsync("/api/health", ct);

        await ApiCalls.EnsureStatusAsync(response, HttpStatusCode.OK, ct);
        Assert.Equal("""{"status":"Healthy"}""", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task Readiness_is_200_listing_every_check_when_all_is_up()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        using var client = env.Server.CreateClient(apiKey: null);

        using var response = await client.GetAsync("/api/readiness", ct);

        var raw = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, raw);
        using var json = JsonDocument.Parse(raw);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = Checks(json.RootElement);
        Assert.All(ReadyChecks, name => Assert.True(checks.ContainsKey(name), $"no '{name}' check in {raw}"));
        Assert.All(checks, check => Assert.Equal("Healthy", check.Value));
    }

    [Fact]
    public async Task Readiness_is_503_naming_ai_when_the_AI_endpoint_is_down()
    {
        var ct = TestContext.Current.CancellationToken;
        var closed = Unreachable.ClosedPort();
        await using var server = new ServerFactory(azurite.ConnectionString, new Uri($"http://127.0.0.1:{closed}/"));
        using var client = server.CreateClient(apiKey: null);

        using var response = await client.GetAsync("/api/readiness", ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable, ct);
        Assert.Equal("Not ready: ai", problem.Title);
        var checks = Checks(problem.Body);
        Assert.Equal("Unhealthy", checks["ai"]);
        Assert.All(ReadyChecks.Where(name => name != "ai"), name => Assert.Equal("Healthy", checks[name]));
        Unreachable.AssertNoInternals(problem.Raw, closed);
    }

    [Fact]
    public async Task Readiness_is_503_naming_the_storage_checks_without_urls_or_exception_text_when_storage_is_down()
    {
        var ct = TestContext.Current.CancellationToken;
        var closed = Unreachable.ClosedPort();
        await using var server = Unreachable.Server(closed);
        using var client = server.CreateClient(apiKey: null);

        using var response = await client.GetAsync("/api/readiness", ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.ServiceUnavailable, ct);
        Assert.StartsWith("Not ready: ", problem.Title, StringComparison.Ordinal);
        var checks = Checks(problem.Body);
        Assert.All(ReadyChecks, name =>
        {
            Assert.Contains(name, problem.Title, StringComparison.Ordinal);
            Assert.Equal("Unhealthy", checks[name]);
        });
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Unreachable.AssertNoInternals(problem.Raw, closed);
    }

    private static Dictionary<string, string> Checks(JsonElement root) =>
        root.GetProperty("checks").EnumerateArray().ToDictionary(
            check => check.GetProperty("name").GetString()!,
            check => check.GetProperty("status").GetString()!);
}
