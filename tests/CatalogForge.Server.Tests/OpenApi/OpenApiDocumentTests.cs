using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.OpenApi;

/// <summary>
/// The Server's OpenAPI document (<c>/openapi/v1.json</c>): it covers the checked-in route list, and the Server's real
/// answers during a small job (Azurite, the AI emulator) — successes and ProblemDetails — validate against its schemas.
/// </summary>
public sealed partial class OpenApiDocumentTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_document_has_every_listed_route_with_security_problems_and_examples()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var client = env.Server.CreateClient();
        using var document = await ReadDocumentAsync(client, "/openapi/v1.json", ct);
        var root = document.RootElement;

        var documented = Operations(root).Select(op => ApiRouteList.Format(op.Method, op.Path)).ToHashSet();
        var missing = ApiRouteList.Read().Where(route => !documented.Contains(route)).ToList();
        Assert.True(missing.Count == 0, $"routes of tests/api-routes.txt missing from /openapi/v1.json: {string.Join(", ", missing)}");

        Assert.Equal("apiKey", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("type").GetString());
        Assert.Equal("x-api-key", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
        foreach (var (method, path, operation) in Operations(root))
        {
            var responses = operation.GetProperty("responses");
            var anonymous = path is "/api/health" or "/api/readiness" or "/api/openapi/v1.json";
            Assert.Equal(!anonymous, operation.TryGetProperty("security", out _));
            Assert.Equal(!anonymous, responses.TryGetProperty("401", out _));
            if (path.Contains('{'))
            {
                Assert.True(responses.GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path}: 404 is no ProblemDetails");
            }

            if (operation.TryGetProperty("requestBody", out var body))
            {
                Assert.All(body.GetProperty("content").EnumerateObject(), media =>
                    Assert.True(media.Value.TryGetProperty("example", out _), $"{method} {path}: no example for {media.Name}"));
            }
        }

        var submit = Operation(root, "POST", "/api/jobs");
        Assert.All(new[] { "202", "200", "400", "401", "409", "413", "503" }, status => Assert.True(submit.GetProperty("responses").TryGetProperty(status, out _), $"POST /api/jobs has no {status}"));

        using var apiCopy = await ReadDocumentAsync(client, "/api/openapi/v1.json", ct);
        Assert.Equal(root.GetRawText(), apiCopy.RootElement.GetRawText());
    }

    [Fact]
    public async Task The_Servers_answers_during_a_job_validate_against_the_document()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("openapi");
        using var document = await ReadDocumentAsync(env.Server.CreateClient(), "/openapi/v1.json", ct);
        var validator = new ResponseValidator(document.RootElement);

        using (var submitted = await client.PostJobAsync(Payloads.Generate(2, salt: Guid.NewGuid().ToString("N")), ct))
        {
            await validator.CheckAsync(submitted, "POST", "/api/jobs", HttpStatusCode.Accepted, ct);
        }

        var jobId = (await client.ListJobsAsync("", ct)).Items.Single().JobId;
        await client.WaitForJobAsync(jobId, ct);
        await validator.CheckAsync(await client.GetAsync($"/api/jobs/{jobId}", ct), "GET", "/api/jobs/{id}", HttpStatusCode.OK, ct);
        await validator.CheckAsync(await client.GetAsync("/api/jobs", ct), "GET", "/api/jobs", HttpStatusCode.OK, ct);
        await validator.CheckAsync(await client.GetAsync($"/api/jobs/{jobId}/items", ct), "GET", "/api/jobs/{id}/items", HttpStatusCode.OK, ct);
        var productId = (await client.GetAllItemsAsync(jobId, ct))[0].ProductId;
        await validator.CheckAsync(await client.GetAsync($"/api/products/{productId}", ct), "GET", "/api/products/{id}", HttpStatusCode.OK, ct);
        await validator.CheckAsync(await client.GetAsync("/api/usage", ct), "GET", "/api/usage", HttpStatusCode.OK, ct);
        await validator.CheckAsync(await env.Server.CreateClient().GetAsync("/api/health", ct), "GET", "/api/health", HttpStatusCode.OK, ct);

        // Error answers: ProblemDetails of the documented shape.
        await validator.CheckAsync(await client.PostJobAsync("""{"kind":"generate","items":[]}""", ct), "POST", "/api/jobs", HttpStatusCode.BadRequest, ct);
        await validator.CheckAsync(await client.GetAsync("/api/jobs/unknown-job", ct), "GET", "/api/jobs/{id}", HttpStatusCode.NotFound, ct);
        await validator.CheckAsync(await client.PostAsync($"/api/jobs/{jobId}/cancel", null, ct), "POST", "/api/jobs/{id}/cancel", HttpStatusCode.Conflict, ct);
        await validator.CheckAsync(await client.GetAsync("/api/usage?from=yesterday", ct), "GET", "/api/usage", HttpStatusCode.BadRequest, ct);
        await validator.CheckAsync(await env.Server.CreateClient().GetAsync("/api/jobs", ct), "GET", "/api/jobs", HttpStatusCode.Unauthorized, ct);

        Assert.True(validator.Errors.Count == 0, string.Join("\n", validator.Errors));
        Assert.Equal(12, validator.Checked);
    }

    [Fact]
    public async Task The_docs_page_loads_its_scripts_from_the_Server_itself()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var client = env.Server.CreateClient();

        using var page = await client.GetAsync("/docs", ct);
        await ApiCalls.EnsureStatusAsync(page, HttpStatusCode.OK, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(html.Contains("openapi/v1.json", StringComparison.Ordinal), html);
        Assert.DoesNotMatch(ExternalUrl(), html);

        var scripts = ScriptSource().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            using var asset = await client.GetAsync(new Uri(new Uri("http://localhost/docs/"), script), ct);
            await ApiCalls.EnsureStatusAsync(asset, HttpStatusCode.OK, ct);
            Assert.Contains("javascript", asset.Content.Headers.ContentType?.MediaType ?? "");
        }
    }

    internal static async Task<JsonDocument> ReadDocumentAsync(HttpClient client, string url, CancellationToken ct)
    {
        using var response = await client.GetAsync(url, ct);
        await ApiCalls.EnsureStatusAsync(response, HttpStatusCode.OK, ct);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement root) =>
        root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Name is "get" or "post" or "put" or "delete" or "patch")
            .Select(op => (op.Name.ToUpperInvariant(), path.Name, op.Value)));

    private static JsonElement Operation(JsonElement root, string method, string path) =>
        Operations(root).Single(op => op.Method == method && ApiRouteList.NormalisePath(op.Path) == ApiRouteList.NormalisePath(path)).Operation;

    [GeneratedRegex("""(src|href)="https?://""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex("""<script[^>]*\bsrc="(?<src>[^"]+)"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();

    /// <summary>Checks each response against the schema the document gives its operation and status.</summary>
    private sealed class ResponseValidator(JsonElement document)
    {
        public List<string> Errors { get; } = [];

        public int Checked { get; private set; }

        public async Task CheckAsync(HttpResponseMessage response, string method, string path, HttpStatusCode expected, CancellationToken ct)
        {
            using (response)
            {
                var raw = await response.Content.ReadAsStringAsync(ct);
                Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {raw}");
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
                var responses = Operation(document, method, path).GetProperty("responses");
                Assert.True(responses.TryGetProperty(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), out var declared),
                    $"{method} {path}: {(int)expected} is not documented");
                Assert.True(declared.GetProperty("content").TryGetProperty(mediaType, out var media), $"{method} {path} {(int)expected}: {mediaType} is not documented");
                using var body = JsonDocument.Parse(raw);
                var check = new OpenApiSchemaCheck(document);
                check.Check(body.RootElement, media.GetProperty("schema"), $"{method} {path} {(int)expected}");
                Errors.AddRange(check.Errors);
                Checked++;
            }
        }
    }
}
