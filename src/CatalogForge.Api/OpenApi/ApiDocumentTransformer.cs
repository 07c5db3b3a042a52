using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CatalogForge.Api.OpenApi;

/// <summary>
/// The document's title and description, the <c>x-api-key</c> security scheme, and no <c>servers</c>: the document is
/// served by the API it describes, so relative URLs are right on every host.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SecuritySchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CatalogForge API",
            Version = "v1",
            Description = "Submit generate and enrich jobs, follow their items, read the stored products and the usage ledger. "
                + "Every route but health, readiness and this document needs a tenant's API key in the x-api-key header. "
                + "Errors are RFC 9457 problem details (application/problem+json).",
        };
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = Tenancy.ApiKeyDefaults.HeaderName,
            Description = "The tenant's API key (created with `CatalogForge.Server tenant create`).",
        };
        return Task.CompletedTask;
    }
}
