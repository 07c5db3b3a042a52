using CatalogForge.AiEmulator.Pipeline;

namespace CatalogForge.AiEmulator.Embeddings;

/// <param name="Inputs">The texts to embed; token-array inputs are turned into one word per token.</param>
internal sealed record EmbeddingRequest(
    IReadOnlyList<string> Inputs,
    string? Model,
    bool Base64,
    int Dimensions,
    int PromptTokens) : IParsedRequest
{
    private const int PreviewLength = 80;

    public bool Stream => false;

    public string PromptPreview => Inputs.Count == 0 ? string.Empty : Inputs[0].Length <= PreviewLength ? Inputs[0] : Inputs[0][..PreviewLength];

    public string? FilterableText => null;

    public int RateLimitCharge(DeploymentSettings settings) => PromptTokens;
}
