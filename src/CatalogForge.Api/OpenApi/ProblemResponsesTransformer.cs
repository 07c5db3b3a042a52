using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace CatalogForge.Api.OpenApi;

/// <summary>
/// The error answers of each operation as <c>application/problem+json</c> ProblemDetails, which the handlers' typed
/// results do not declare (<c>NotFound</c> and <c>Problem(…)</c> carry no body type, the authentication handler and the
/// exception mapping answer outside the handler), and the API-key requirement of tenant routes.
/// </summary>
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>Operations that answer 409 (idempotency key reused with other content, job finished or still running, a catalog run in progress).</summary>
    private static readonly HashSet<string> Conflicts = ["SubmitJob", "CancelJob", "RetryJob", "RefreshCatalog"];

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var name = metadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName ?? "";
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var hasInput = description.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Query");
        operation.Responses ??= [];

        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        var validation = await context.GetOrCreateSchemaAsync(typeof(HttpValidationProblemDetails), cancellationToken: cancellationToken);
        var problemRef = Reference(context, "ProblemDetails", problem);
        var validationRef = Reference(context, "HttpValidationProblemDetails", validation);

        if (hasInput)
        {
            Set(operation, "400", "The request is not valid; errors name each field.", validationRef);
        }

        if (!anonymous && metadata.OfType<IAuthorizeData>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocumentTransformer.SecuritySchemeName, context.Document)] = [] }];
            Set(operation, "401", "The x-api-key header is missing or names no tenant.", problemRef);
        }

        if (description.RelativePath?.Contains('{') == true)
        {
            Set(operation, "404", "No such resource for this tenant (another tenant's is 404 too).", problemRef);
        }

        if (Conflicts.Contains(name))
        {
            Set(operation, "409", "The request conflicts with the resource's state; the body says how.", problemRef);
        }

        if (metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>().Any())
        {
            Set(operation, "413", "The request body is larger than Api:MaxJobRequestBodySize.", problemRef);
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Set(operation, "429", "Too many requests; wait as long as Retry-After says.", problemRef);
        }

        if (name is not ("Health" or "GetOpenApiDocument"))
        {
            Set(operation, "503", "A dependency (storage, the engine) is unavailable; try again after Retry-After.", problemRef);
        }
    }

    /// <summary>Adds the answer unless the handler declared it already; a declared one only gets the problem body.</summary>
    private static void Set(OpenApiOperation operation, string status, string text, IOpenApiSchema schema)
    {
        if (operation.Responses!.TryGetValue(status, out var existing) && existing is OpenApiResponse declared)
        {
            declared.Content ??= new Dictionary<string, OpenApiMediaType>();
            declared.Content.Remove("application/json");
            declared.Content[ProblemJson] = new OpenApiMediaType { Schema = schema };
            declared.Description = text;
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = text,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } },
        };
    }

    /// <summary>The schema as a component reference, so every operation shares one ProblemDetails definition.</summary>
    private static IOpenApiSchema Reference(OpenApiOperationTransformerContext context, string id, IOpenApiSchema schema)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(id, schema);
        return new OpenApiSchemaReference(id, document);
    }
}
