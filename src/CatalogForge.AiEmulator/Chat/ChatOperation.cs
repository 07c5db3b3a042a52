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
            var content = ChatReplyComposer.Compose(request, context.Seed + (ulong)index);
            var finishReason = "stop";
            if (context.Faults.InvalidJson && request.Format != ChatReplyFormat.Text)
            {
                content = ChatReplyComposer.BreakJson(content);
                fault = FaultKind.InvalidJson;
            }
            else if (context.Faults.Truncate)
            {
                content = content[..(content.Length / 2)];
                finishReason = "length";
                fault = FaultKind.Truncated;
            }

            // Like the service, the output stops at the token limit wherever it is, even inside a JSON document.
            if (request.MaxTokens is { } maxTokens && TokenEstimator.Estimate(content) > maxTokens)
            {
                content = TokenEstimator.Truncate(content, maxTokens);
                finishReason = "length";
            }

            completionTokens += TokenEstimator.Estimate(content);
            choices.Add(new ChatCompletionChoice(index, new ChatCompletionMessage("assistant", content, Refusal: null), Logprobs: null, finishReason));
        }

        var promptTokens = request.PromptTokens;
        var response = new ChatCompletionResponse(
            $"chatcmpl-{Guid.NewGuid():N}",
            "chat.completion",
            context.Now.ToUnixTimeSeconds(),
            request.Model ?? context.Deployment,
            choices,
            new ChatCompletionUsage(promptTokens, completionTokens, promptTokens + completionTokens),
            "fp_catalogforge_emulator");
        if (request.Stream)
        {
            // The first token comes after the base latency; the others are paced one by one as they are written.
            var stream = new ChatCompletionStream(response, request.IncludeUsage, context.Settings.PerOutputTokenMs, context.Faults.CutStream);
            return new OperationResult(response, completionTokens, Images: 0, TimeSpan.FromMilliseconds(context.Settings.BaseLatencyMs), fault, stream);
        }

        var latency = TimeSpan.FromMilliseconds(context.Settings.BaseLatencyMs + (context.Settings.PerOutputTokenMs * completionTokens));
        return new OperationResult(response, completionTokens, Images: 0, latency, fault);
    }
}
