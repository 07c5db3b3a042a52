using CatalogForge.AiEmulator.Pipeline;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Embeddings;

/// <param name="Inputs">The texts to embed; token-array inputs are turned into one word per token.</param>
/// <param name="TextInputs">The inputs given as text, counted with the tokenizer.</param>
/// <param name="TokenIdInputs">How many token ids the token-array inputs hold.</param>
internal sealed record EmbeddingRequest(
    IReadOnlyList<string> Inputs,
    string? Model,
    bool Base64,
    int Dimensions,
    IReadOnlyList<string> TextInputs,
    int TokenIdInputs) : IParsedRequest
{
    private const int PreviewLength = 80;

    public bool Stream => false;

    public string PromptPreview => Inputs.Count == 0 ? string.Empty : Inputs[0].Length <= PreviewLength ? Inputs[0] : Inputs[0][..PreviewLength];

    public string? FilterableText => null;

    public int CountPromptTokens(TokenCounter tokens) => TokenIdInputs + TextInputs.Sum(tokens.Count);

    public int RateLimitCharge(DeploymentSettings settings, int promptTokens) => promptTokens;
}
