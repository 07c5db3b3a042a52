using System.Text.Json;
using CatalogForge.Functions.Http;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CatalogForge.Functions.Tests.Http;

/// <summary>The Functions app's <c>GET /api/openapi/v1.json</c>: the generated document, in-process, covers the route list.</summary>
public sealed class OpenApiFunctionTests
{
    [Fact]
    public async Task The_document_function_serves_every_listed_route_with_the_api_key_scheme()
    {
        var result = Assert.IsType<ContentResult>(await new OpenApiFunctions().GetAsync(new DefaultHttpContext().Request));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.Equal("application/json", result.ContentType);
        using var document = JsonDocument.Parse(result.Content!);
        var root = document.RootElement;
        Assert.StartsWith("3.1", root.GetProperty("openapi").GetString());
        var documented = root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => ApiRouteList.Format(op.Name, path.Name)))
            .ToHashSet();
        var missing = ApiRouteList.Read().Where(route => !documented.Contains(route)).ToList();
        Assert.True(missing.Count == 0, $"routes missing from the Functions app's document: {string.Join(", ", missing)}");
        Assert.Equal("x-api-key", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.True(root.GetProperty("paths").GetProperty("/api/jobs").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
    }

    [Fact]
    public void The_document_function_needs_no_api_key() =>
        Assert.Contains(OpenApiFunctions.FunctionName, HealthFunctions.Anonymous);
}
