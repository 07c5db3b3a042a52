using System.Net;
using System.Text;
using CatalogForge.Api.Errors;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>Bad job requests: each is a 400 ProblemDetails and leaves nothing behind in storage.</summary>
public sealed class JobsApiValidationTests(AzuriteFixture azurite)
{
    public static TheoryData<string, string> NotJson => new()
    {
        { "truncated", """{"kind":"generate","items":[""" },
        { "not JSON at all", "kind=generate" },
        { "trailing garbage", """{"kind":"generate","items":[]} x""" },
    };

    /// <summary>Valid JSON with a value of the wrong JSON type: the field's path and what it takes, never a .NET type.</summary>
    public static TheoryData<string, string, string> WrongType => new()
    {
        { WithOptions("""{"images":"yes"}"""), "options.images", "true or false" },
        { WithOptions("""{"images":1}"""), "options.images", "true or false" },
        { WithOptions("""{"priority":7}"""), "options.priority", "\"high\", \"normal\" or \"low\"" },
        { WithOptions("""{"priority":1}"""), "options.priority", "\"high\", \"normal\" or \"low\"" },
        { WithOptions("""{"priority":"1"}"""), "options.priority", "\"high\", \"normal\" or \"low\"" },
        { WithOptions("""{"priority":"urgent"}"""), "options.priority", "\"high\", \"normal\" or \"low\"" },
        { WithOptions("""{"language":5}"""), "options.language", "a string" },
        { WithOptions("[1,2]"), "options", "an object" },
        { """{"kind":7,"items":[]}""", "kind", "a string" },
        { """[{"kind":"generate"}]""", "$", "an object" },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        { "unknown kind", """{"kind":"summarize","items":[{"productType":"ebook","brief":"A guide to knots."}]}""" },
        { "missing kind", """{"items":[{"productType":"ebook","brief":"A guide to knots."}]}""" },
        { "missing items", """{"kind":"generate"}""" },
        { "empty items", """{"kind":"generate","items":[]}""" },
        { "items not an array", """{"kind":"generate","items":{"productType":"ebook","brief":"A guide to knots."}}""" },
        { "too many items", Payloads.Generate(ServerFactory.MaxItemsPerJob + 1, salt: "too-many") },
        { "oversized brief", $$"""{"kind":"generate","items":[{"productType":"ebook","brief":"{{new string('x', ServerFactory.MaxFieldLength + 1)}}"}]}""" },
        { "empty brief", """{"kind":"generate","items":[{"productType":"ebook","brief":"   "}]}""" },
        { "brief missing", """{"kind":"generate","items":[{"productType":"ebook"}]}""" },
        { "enrich row without sku", """{"kind":"enrich","items":[{"name":"Shoe"}]}""" },
        { "valid item next to an invalid one", """{"kind":"generate","items":[{"productType":"ebook","brief":"A guide to knots."},{"productType":"ebook","brief":""}]}""" },
    };

    [Theory]
    [MemberData(nameof(NotJson))]
    public async Task Body_that_is_not_the_expected_JSON_is_400_and_writes_nothing(string @case, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("not-json");

        using var response = await client.PostJobAsync(body, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.True(problem.Title == ApiExceptionHandler.InvalidJsonTitle, $"{@case}: {problem.Raw}");
        Assert.DoesNotContain("CatalogForge", problem.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", problem.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem.Raw, StringComparison.Ordinal);
        await AssertNothingStoredAsync(env, tenant.TenantId, ct);
    }

    [Theory]
    [MemberData(nameof(WrongType))]
    public async Task Field_of_the_wrong_JSON_type_is_400_naming_the_field_and_writes_nothing(string body, string field, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("wrong-type");

        using var response = await client.PostJobAsync(body, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.True(problem.Title == ApiExceptionHandler.WrongJsonTypeTitle, $"{body}: {problem.Raw}");
        var message = Assert.Single(Assert.Contains(field, problem.Errors));
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains(field == "$" ? "request body" : $"'{field}'", problem.Detail, StringComparison.Ordinal);
        foreach (var leak in new[] { "CatalogForge", "System.", "JsonException", "Nullable", "Path:", "   at " })
        {
            Assert.DoesNotContain(leak, problem.Raw, StringComparison.Ordinal);
        }

        await AssertNothingStoredAsync(env, tenant.TenantId, ct);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task Empty_body_is_400_and_writes_nothing(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("empty-body");

        using var response = await client.PostAsync("/api/jobs", new StringContent(body, Encoding.UTF8, "application/json"), ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Equal(ApiExceptionHandler.MissingBodyTitle, problem.Title);
        await AssertNothingStoredAsync(env, tenant.TenantId, ct);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_job_is_400_validation_problem_and_writes_nothing(string @case, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("invalid");

        using var response = await client.PostJobAsync(body, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.True(problem.Errors.Count > 0, $"{@case}: no errors in {problem.Raw}");
        Assert.All(problem.Errors, error => Assert.NotEmpty(error.Value));
        await AssertNothingStoredAsync(env, tenant.TenantId, ct);
    }

    [Fact]
    public async Task Body_over_the_configured_limit_is_413()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Api:MaxJobRequestBodySize"] = "4096",
        });

        // Real Kestrel: the body limit is a server feature that TestServer does not enforce.
        env.Server.UseKestrel(0);
        env.Server.StartServer();
        var (tenant, client) = await env.CreateTenantClientAsync("too-large");
        var body = $$"""{"kind":"generate","items":[{"productType":"ebook","brief":"{{new string('x', 5000)}}"}]}""";

        using var response = await client.PostJobAsync(body, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge, ct);
        Assert.Equal(ApiExceptionHandler.BodyTooLargeTitle, problem.Title);
        await AssertNothingStoredAsync(env, tenant.TenantId, ct);

        // Under the limit the same endpoint still works.
        var accepted = await client.SubmitJobAsync(Payloads.Generate(1, salt: Guid.NewGuid().ToString("N"), images: false), ct);
        await client.WaitForJobAsync(accepted.JobId, ct);
    }

    [Fact]
    public async Task Body_that_is_not_JSON_content_is_415()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("text-plain");

        using var response = await client.PostAsync("/api/jobs", new StringContent(Payloads.Generate(1, "plain"), Encoding.UTF8, "text/plain"), ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.UnsupportedMediaType, ct);
        Assert.Equal(ApiExceptionHandler.NotJsonContentTitle, problem.Title);
        await AssertNothingStoredAsync(env, tenant.TenantId, ct);
    }

    private static string WithOptions(string options) =>
        $$"""{"kind":"generate","items":[{"productType":"ebook","brief":"A guide to knots."}],"options":{{options}}}""";

    private static async Task AssertNothingStoredAsync(ServerTestEnvironment env, string tenantId, CancellationToken ct)
    {
        Assert.Empty(await env.Storage.JobsAsync(tenantId, ct));
        Assert.Empty(await env.Storage.JobItemsAsync(tenantId, ct));
    }
}
