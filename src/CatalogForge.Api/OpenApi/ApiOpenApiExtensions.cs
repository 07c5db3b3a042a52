using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CatalogForge.Api.OpenApi;

/// <summary>
/// The OpenAPI document of the API (<c>Microsoft.AspNetCore.OpenApi</c>), described once for both hosts: the Server
/// serves it live at <c>/openapi/v1.json</c> and <c>/api/openapi/v1.json</c>; the Functions app serves the same
/// document from <see cref="OpenApiDocumentGenerator"/> at <c>/api/openapi/v1.json</c>.
/// </summary>
public static class ApiOpenApiExtensions
{
    public const string DocumentName = "v1";

    /// <summary>The API's own route for the document, served by both hosts (and listed in <c>tests/api-routes.txt</c>).</summary>
    public const string ApiDocumentRoute = "/openapi/v1.json";

    public static IServiceCollection AddCatalogForgeOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer<ApiDocumentTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddOperationTransformer<RequestExamplesTransformer>();
        });

    /// <summary><c>GET /api/openapi/v1.json</c>: the document the host's generator makes, anonymous like health.</summary>
    public static IEndpointRouteBuilder MapOpenApiDocumentApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ApiDocumentRoute, GetDocumentAsync)
            .WithName("GetOpenApiDocument").WithTags("Documentation").AllowAnonymous()
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return routes;
    }

    private static async Task<IResult> GetDocumentAsync(
        [Microsoft.Extensions.DependencyInjection.FromKeyedServices(DocumentName)] IOpenApiDocumentProvider documents,
        CancellationToken cancellationToken) =>
        Results.Text(await OpenApiDocumentGenerator.ToJsonAsync(documents, cancellationToken), "application/json");
}
