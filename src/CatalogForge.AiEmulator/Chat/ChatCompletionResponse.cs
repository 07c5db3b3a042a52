namespace CatalogForge.AiEmulator.Chat;

// The chat.completion object, serialised snake_case by WireJson.

internal sealed record ChatCompletionResponse(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChoice> Choices,
    ChatCompletionUsage Usage,
    string SystemFingerprint);

internal sealed record ChatCompletionChoice(int Index, ChatCompletionMessage Message, object? Logprobs, string FinishReason);

internal sealed record ChatCompletionMessage(string Role, string Content, string? Refusal);

internal sealed record ChatCompletionUsage(int PromptTokens, int CompletionTokens, int TotalTokens);
