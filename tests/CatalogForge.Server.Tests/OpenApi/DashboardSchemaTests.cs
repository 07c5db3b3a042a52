using System.Text.Json;
using System.Text.Json.Nodes;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.OpenApi;

/// <summary>
/// The dashboard's runtime schemas (<c>wwwroot/js/schemas.js</c>, read through Node) against the Server's
/// <c>/openapi/v1.json</c>: each schema is paired with the route and status it checks, and every field the page
/// requires must be documented there with a compatible type.
/// </summary>
public sealed class DashboardSchemaTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_dashboard_schema_matches_the_documented_answer_of_its_route()
    {
        var ct = TestContext.Current.CancellationToken;
        using var document = await ReadDocumentAsync(ct);
        var schemas = await DashboardSchemaReader.ReadAsync(ct);

        Assert.True(schemas.Unpaired.Count == 0, $"schemas.js exports schemas no route in its `responses` uses: {string.Join(", ", schemas.Unpaired)}");
        Assert.Contains("GET /api/catalog/insights 200", schemas.Responses.Keys);
        var errors = schemas.Responses.SelectMany(entry => Differences(document.RootElement, entry.Key, entry.Value)).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public async Task A_field_renamed_or_retyped_on_either_side_is_reported()
    {
        var ct = TestContext.Current.CancellationToken;
        using var document = await ReadDocumentAsync(ct);
        var schemas = await DashboardSchemaReader.ReadAsync(ct);
        const string Route = "GET /api/jobs/{id} 200";
        var page = JsonNode.Parse(schemas.Responses[Route].GetRawText())!;
        var api = JsonNode.Parse(document.RootElement.GetRawText())!;
        Assert.Empty(Differences(document.RootElement, Route, schemas.Responses[Route]));

        // Renamed in the API: the page's jobId is no longer documented.
        var renamedApi = api.DeepClone();
        Rename(renamedApi["components"]!["schemas"]!["JobView"]!["properties"]!.AsObject(), "jobId", "id");
        Assert.Contains(Differences(renamedApi, Route, page), e => e.Contains(".jobId: the page requires it", StringComparison.Ordinal));

        // Renamed in the page: it asks for a field the API does not have.
        var renamedPage = page.DeepClone();
        Rename(renamedPage["properties"]!.AsObject(), "progressPercent", "progress");
        Assert.Contains(Differences(api, Route, renamedPage), e => e.Contains(".progress: the page requires it", StringComparison.Ordinal));

        // Retyped, made nullable, and an enum value the page does not know.
        var changed = api.DeepClone();
        var job = changed["components"]!["schemas"]!["JobView"]!["properties"]!;
        job["progressMessage"] = JsonNode.Parse("""{"type":["null","string"]}""");
        job["costUsd"] = JsonNode.Parse("""{"type":"string"}""");
        changed["components"]!["schemas"]!["JobStatus"]!["enum"]!.AsArray().Add("Paused");
        var errors = Differences(changed, Route, page);
        Assert.Contains(errors, e => e.Contains(".progressMessage: the API may send null", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(".costUsd: the page expects a number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(".status: the API may send \"Paused\"", StringComparison.Ordinal));
    }

    private async Task<JsonDocument> ReadDocumentAsync(CancellationToken ct)
    {
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        return await OpenApiDocumentTests.ReadDocumentAsync(env.Server.CreateClient(), "/openapi/v1.json", ct);
    }

    private static List<string> Differences(JsonNode document, string route, JsonNode shape)
    {
        using var api = JsonDocument.Parse(document.ToJsonString());
        using var page = JsonDocument.Parse(shape.ToJsonString());
        return Differences(api.RootElement, route, page.RootElement);
    }

    /// <summary>"METHOD /route status" → the comparer's findings for the answer the document gives that operation and status.</summary>
    private static List<string> Differences(JsonElement document, string route, JsonElement shape)
    {
        var parts = route.Split(' ');
        Assert.True(parts.Length == 3, $"'{route}' in schemas.js is not \"METHOD /route status\"");
        var (method, path, status) = (parts[0], parts[1], parts[2]);
        var operation = document.GetProperty("paths").EnumerateObject()
            .Where(p => ApiRouteList.NormalisePath(p.Name) == ApiRouteList.NormalisePath(path))
            .Select(p => p.Value.TryGetProperty(method.ToLowerInvariant(), out var op) ? op : (JsonElement?)null)
            .FirstOrDefault(op => op is not null);
        if (operation is not { } found)
        {
            return [$"{route}: /openapi/v1.json has no {method} {path}"];
        }

        if (!found.GetProperty("responses").TryGetProperty(status, out var response) || !response.TryGetProperty("content", out var content))
        {
            return [$"{route}: /openapi/v1.json documents no JSON answer with status {status}"];
        }

        var media = content.EnumerateObject().FirstOrDefault(m => m.Name.EndsWith("json", StringComparison.Ordinal));
        if (media.Value.ValueKind != JsonValueKind.Object)
        {
            return [$"{route}: the {status} answer is not JSON in /openapi/v1.json"];
        }

        var comparer = new DashboardSchemaComparer(document);
        comparer.Compare(shape, media.Value.GetProperty("schema"), route);
        return comparer.Errors;
    }

    private static void Rename(JsonObject properties, string from, string to)
    {
        var value = properties[from]!;
        properties.Remove(from);
        properties[to] = value;
    }
}
