using CatalogForge.AiEmulator.Chat;
using CatalogForge.AiEmulator.Embeddings;
using CatalogForge.AiEmulator.Images;
using CatalogForge.AiEmulator.Pipeline;

namespace CatalogForge.AiEmulator.Routes;

/// <summary>
/// The provider API: Azure's deployment routes (deployment in the path) and OpenAI's v1 routes
/// (deployment = the body's model). Any api-version is accepted.
/// </summary>
internal static class OpenAiRoutes
{
    /// <summary>"/v1" is OpenAI's; "/openai/v1" is Azure's newer v1-compatible surface.</summary>
    private static readonly string[] V1Prefixes = ["/v1", "/openai/v1"];

    public static IEndpointRouteBuilder MapOpenAiRoutes(this IEndpointRouteBuilder endpoints)
    {
        var azure = endpoints.MapGroup("/openai/deployments/{deployment}");
        azure.MapPost("/chat/completions", (HttpContext http, string deployment, OperationPipeline pipeline, ChatOperation operation) =>
            pipeline.RunAsync(http, operation, deployment));
        azure.MapPost("/embeddings", (HttpContext http, string deployment, OperationPipeline pipeline, EmbeddingsOperation operation) =>
            pipeline.RunAsync(http, operation, deployment));
        azure.MapPost("/images/generations", (HttpContext http, string deployment, OperationPipeline pipeline, ImagesOperation operation) =>
            pipeline.RunAsync(http, operation, deployment));

        foreach (var prefix in V1Prefixes)
        {
            var v1 = endpoints.MapGroup(prefix);
            v1.MapPost("/chat/completions", (HttpContext http, OperationPipeline pipeline, ChatOperation operation) =>
                pipeline.RunAsync(http, operation, routeDeployment: null));
            v1.MapPost("/embeddings", (HttpContext http, OperationPipeline pipeline, EmbeddingsOperation operation) =>
                pipeline.RunAsync(http, operation, routeDeployment: null));
            v1.MapPost("/images/generations", (HttpContext http, OperationPipeline pipeline, ImagesOperation operation) =>
                pipeline.RunAsync(http, operation, routeDeployment: null));
        }

        endpoints.MapGet(ImagesOperation.ImageRoutePrefix + "{id}.png", (string id, GeneratedImageStore store) =>
            store.TryGet(id, out var png) ? Results.File(png, "image/png") : Results.NotFound());

        return endpoints;
    }
}
