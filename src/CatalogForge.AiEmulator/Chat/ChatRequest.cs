using System.Text.Json;
using CatalogForge.AiEmulator.Pipeline;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Chat;

internal enum ChatReplyFormat
{
    Text,
    JsonObject,
    JsonSchema,
}

internal sealed record ChatMessage(string Role, string Text);

internal sealed record ChatRequest(
    IReadOnlyList<ChatMessage> Messages,
    string? Model,
    int? MaxTokens,
    ChatReplyFormat Format,
    JsonElement? Schema,
    int ChoiceCount,
    bool Stream) : IParsedRequest
{
    private const int PreviewLength = 80;

    public int PromptTokens => TokenEstimator.FromCharacters(Messages.Sum(message => (long)message.Text.Length));

    public string PromptPreview
    {
        get
        {
            var lastUser = Messages.LastOrDefault(message => message.Role == "user")?.Text ?? string.Empty;
            return lastUser.Length <= PreviewLength ? lastUser : lastUser[..PreviewLength];
        }
    }

    /// <summary>What the caller asked for: system, developer and user messages (not earlier assistant turns).</summary>
    public string PromptText => string.Join(
        '\n',
        Messages.Where(message => message.Role is "system" or "developer" or "user").Select(message => message.Text));

    public string FilterableText => PromptText;

    public int RateLimitCharge(DeploymentSettings settings) =>
        (int)Math.Min(int.MaxValue, PromptTokens + ((long)(MaxTokens ?? settings.DefaultMaxTokens) * ChoiceCount));
}
