using CatalogForge.Core;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CatalogForge.Api.OpenApi;

/// <summary>
/// The API's OpenAPI document for a host that does not map the API as minimal-API endpoints (the Functions app, whose
/// HTTP triggers call the same handlers): builds the Server's route table — Core, the API and its OpenAPI description,
/// mapped but never started, so no storage or engine is touched — and asks its document provider. The result is the
/// document the Server serves, because it is made from the same endpoints by the same transformers.
/// </summary>
public static class OpenApiDocumentGenerator
{
    public static async Task<string> GenerateJsonAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Services.AddRouting();
        builder.AddCatalogForgeCore();
        builder.AddCatalogForgeApi();
        builder.Services.AddAuthorization();

        // A started app hands its endpoints to routing, where the API explorer finds them; this one is never started,
        // so the explorer gets them directly.
        List<EndpointDataSource> mapped = [];
        builder.Services.AddSingleton<EndpointDataSource>(_ => new CompositeEndpointDataSource(mapped));
        await using var app = builder.Build();
        app.MapCatalogForgeApi();
        mapped.AddRange(((IEndpointRouteBuilder)app).DataSources);
        var documents = app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(ApiOpenApiExtensions.DocumentName);
        return await ToJsonAsync(documents, cancellationToken);
    }

    public static async Task<string> ToJsonAsync(IOpenApiDocumentProvider documents, CancellationToken cancellationToken)
    {
        var document = await documents.GetOpenApiDocumentAsync(cancellationToken);
        return await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken);
    }
}
