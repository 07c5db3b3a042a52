using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CatalogForge.Api.OpenApi;

/// <summary>An example for every request body: a small generate job, a brand profile, a webhook.</summary>
internal sealed class RequestExamplesTransformer : IOpenApiOperationTransformer
{
    /// <summary>Request body examples by operation name; a body without one fails the OpenAPI tests.</summary>
    public static readonly IReadOnlyDictionary<string, string> Examples = new Dictionary<string, string>
    {
        ["SubmitJob"] = """
            {
              "kind": "generate",
              "items": [
                {
                  "productType": "ebook",
                  "brief": "Sourdough for people with jobs: a weekday schedule with a fridge starter and three base loaves.",
                  "audience": "home bakers who have killed at least one starter",
                  "keywords": ["sourdough schedule", "fridge starter"]
                }
              ],
              "options": { "images": true, "priority": "Normal", "language": "en" },
              "idempotencyKey": "catalog-2026-06-01"
            }
            """,
        ["PutBrandProfile"] = """
            {
              "brand": "Crumb & Crust",
              "competitors": ["Rise Academy", "The Loaf Lab"],
              "probes": ["Which online shops sell the best sourdough guides?", "Where can a beginner learn to bake bread online?"],
              "language": "en"
            }
            """,
        ["CreateWebhook"] = """
            { "url": "https://hooks.example.com/catalogforge" }
            """,
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (operation.RequestBody?.Content is { } content && name is not null && Examples.TryGetValue(name, out var example))
        {
            foreach (var mediaType in content.Values.OfType<OpenApiMediaType>())
            {
                mediaType.Example = JsonNode.Parse(example);
            }
        }

        return Task.CompletedTask;
    }
}
