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

internal sealed partial record ChatRequest(
    IReadOnlyList<ChatMessage> Messages,
    string? Model,
    int? MaxTokens,
    ChatReplyFormat Format,
    JsonElement? Schema,
    int ChoiceCount,
    bool Stream,
    bool IncludeUsage,
    IReadOnlyList<ChatTool> Tools,
    ToolChoice ToolChoice) : IParsedRequest
{
    private const int PreviewLength = 80;

    public int CountPromptTokens(TokenCounter tokens) => tokens.CountChat(Messages.Select(message => message.Text));

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

    /// <summary>
    /// What a reply is about: the user's words (all prompt text when there is no user message), without the
    /// "Label:" prefixes of structured prompts, so replies read about the brief rather than the instructions.
    /// </summary>
    public string TopicText
    {
        get
        {
            var user = Messages.Where(message => message.Role == "user").Select(message => message.Text).ToList();
            return LineLabel().Replace(user.Count > 0 ? string.Join('\n', user) : PromptText, "");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?m)^[\p{L} ]{1,30}:[ \t]*")]
    private static partial System.Text.RegularExpressions.Regex LineLabel();

    public int RateLimitCharge(DeploymentSettings settings, int promptTokens) =>
        (int)Math.Min(int.MaxValue, promptTokens + ((long)(MaxTokens ?? settings.DefaultMaxTokens) * ChoiceCount));
}
