using System.Text.Json;
using CatalogForge.AiEmulator.Pipeline;

namespace CatalogForge.AiEmulator.Embeddings;

internal sealed class EmbeddingsOperation : IEmulatedOperation<EmbeddingRequest>
{
    public RequestKind Kind => RequestKind.Embeddings;

    public string AzureOperationName => "Embeddings_Create";

    public EmbeddingRequest Parse(JsonElement body) => EmbeddingRequestParser.Parse(body);

    public OperationResult Execute(EmbeddingRequest request, OperationContext context)
    {
        var items = request.Inputs
            .Select((text, index) =>
            {
                var vector = FeatureHashingEmbedder.Embed(text, request.Dimensions);
                return new EmbeddingItem("embedding", index, request.Base64 ? EmbeddingEncoding.ToBase64(vector) : vector);
            })
            .ToList();
        var response = new EmbeddingResponse(
            "list",
            items,
            request.Model ?? context.Deployment,
            new EmbeddingUsage(context.PromptTokens, context.PromptTokens));
        return new OperationResult(response, CompletionTokens: 0, Images: 0, TimeSpan.FromMilliseconds(context.Settings.BaseLatencyMs));
    }
}
