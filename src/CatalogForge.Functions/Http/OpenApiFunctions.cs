using CatalogForge.Api.OpenApi;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Http;

/// <summary>
/// <c>GET /api/openapi/v1.json</c>: the API's OpenAPI document, the same the Server serves, made once per worker by
/// <see cref="OpenApiDocumentGenerator"/> (the Server's route table, built but never started). Anonymous.
/// </summary>
public sealed class OpenApiFunctions
{
    public const string FunctionName = "GetOpenApiDocument";

    private static readonly Lazy<Task<string>> Document = new(() => OpenApiDocumentGenerator.GenerateJsonAsync());

    [Function(FunctionName)]
    public async Task<IActionResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        new ContentResult { Content = await Document.Value, ContentType = "application/json", StatusCode = StatusCodes.Status200OK };
}
