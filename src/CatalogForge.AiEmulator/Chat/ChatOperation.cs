using System.Globalization;
using System.Text.Json;
using CatalogForge.AiEmulator.Pipeline;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Chat;

internal sealed class ChatOperation : IEmulatedOperation<ChatRequest>
{
    public RequestKind Kind => RequestKind.Chat;

    public string AzureOperationName => "ChatCompletions_Create";

    public ChatRequest Parse(JsonElement body) => ChatRequestParser.Parse(body);

    public OperationResult Execute(ChatRequest request, OperationContext context)
    {
        var choices = new List<ChatCompletionChoice>(request.ChoiceCount);
        var completionTokens = 0;
        FaultKind? fault = null;
        for (var index = 0; index < request.ChoiceCount; index++)
        {
            var seed = context.Seed + (ulong)index;
            var tool = request.ToolChoice.Choose(request.Tools, seed);
            var text = tool is null ? ChatReplyComposer.Compose(request, seed) : ChatReplyComposer.ToolArguments(request, tool, seed);
            var finishReason = tool is null ? "stop" : "tool_calls";
            if (context.Faults.InvalidJson && (tool is not null || request.Format != ChatReplyFormat.Text))
            {
                text = ChatReplyComposer.BreakJson(text);
                fault = FaultKind.InvalidJson;
            }
            else if (context.Faults.Truncate)
            {
                text = text[..(text.Length / 2)];
                finishReason = "length";
                fault = FaultKind.Truncated;
            }

            // Like the service, the output stops at the token limit wherever it is, even inside a JSON document.
            if (request.MaxTokens is { } maxTokens && context.Tokens.Count(text) > maxTokens)
            {
                text = context.Tokens.Truncate(text, maxTokens);
                finishReason = "length";
            }

            completionTokens += context.Tokens.Count(text);
            var message = tool is null
                ? new ChatCompletionMessage("assistant", text, Refusal: null)
                : new ChatCompletionMessage("assistant", Content: null, Refusal: null, [new ChatToolCall(ToolCallId(seed), "function", new ChatFunctionCall(tool.Name, text))]);
            choices.Add(new ChatCompletionChoice(index, message, Logprobs: null, finishReason,
                context.Azure ? ContentFilterAnnotations.PassedChoice() : null));
        }

        var promptTokens = context.PromptTokens;
        var response = new ChatCompletionResponse(
            $"chatcmpl-{Guid.NewGuid():N}",
            "chat.completion",
            context.Now.ToUnixTimeSeconds(),
            request.Model ?? context.Deployment,
            choices,
            new ChatCompletionUsage(promptTokens, completionTokens, promptTokens + completionTokens),
            "fp_catalogforge_emulator",
            context.Azure ? ContentFilterAnnotations.PassedPrompt() : null);
        if (request.Stream)
        {
            // The first token comes after the base latency; the others are paced one by one as they are written.
            var stream = new ChatCompletionStream(response, context.Tokens, request.IncludeUsage, context.Settings.PerOutputTokenMs, context.Faults.CutStream);
            return new OperationResult(response, completionTokens, Images: 0, TimeSpan.FromMilliseconds(context.Settings.BaseLatencyMs), fault, stream);
        }

        var latency = TimeSpan.FromMilliseconds(context.Settings.BaseLatencyMs + (context.Settings.PerOutputTokenMs * completionTokens));
        return new OperationResult(response, completionTokens, Images: 0, latency, fault);
    }

    /// <summary>Shaped like the service's ("call_" and 24 characters), derived from the request so replays match.</summary>
    private static string ToolCallId(ulong seed) => "call_" + seed.ToString("x16", CultureInfo.InvariantCulture) + "emulator";
}
