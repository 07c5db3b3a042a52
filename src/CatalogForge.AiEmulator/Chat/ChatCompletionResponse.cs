using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CatalogForge.AiEmulator.Chat;

// The chat.completion object, serialised snake_case by WireJson.

internal sealed record ChatCompletionResponse(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChoice> Choices,
    ChatCompletionUsage Usage,
    string SystemFingerprint,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonArray? PromptFilterResults = null);

/// <param name="ContentFilterResults">Azure only.</param>
internal sealed record ChatCompletionChoice(
    int Index,
    ChatCompletionMessage Message,
    object? Logprobs,
    string FinishReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? ContentFilterResults = null);

/// <param name="Content">Null when the reply is a tool call.</param>
internal sealed record ChatCompletionMessage(
    string Role,
    string? Content,
    string? Refusal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChatToolCall>? ToolCalls = null);

/// <param name="Type">Always "function".</param>
internal sealed record ChatToolCall(string Id, string Type, ChatFunctionCall Function);

/// <param name="Arguments">A JSON document, as a string.</param>
internal sealed record ChatFunctionCall(string Name, string Arguments);

internal sealed record ChatCompletionUsage(int PromptTokens, int CompletionTokens, int TotalTokens);
