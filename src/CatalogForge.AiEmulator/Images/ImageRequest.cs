using CatalogForge.AiEmulator.Pipeline;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Images;

/// <param name="AsUrl">response_format "url": images are served from the emulator instead of inlined.</param>
internal sealed record ImageRequest(string Prompt, string? Model, int Count, int Width, int Height, bool AsUrl) : IParsedRequest
{
    private const int PreviewLength = 80;

    public bool Stream => false;

    public string PromptPreview => Prompt.Length <= PreviewLength ? Prompt : Prompt[..PreviewLength];

    public string FilterableText => Prompt;

    public int CountPromptTokens(TokenCounter tokens) => tokens.Count(Prompt);

    public int RateLimitCharge(DeploymentSettings settings, int promptTokens) => (int)Math.Min(int.MaxValue, (long)settings.ImageTokenCharge * Count);
}
