using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CatalogForge.AiEmulator.Pipeline;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Chat;

/// <summary>
/// A chat completion sent as the service streams it: <c>chat.completion.chunk</c> events carrying first the role,
/// then one token of content (or of a tool call's arguments) each, then the finish_reason; with include_usage a last chunk with no choices and the
/// usage (every other chunk then has <c>"usage":null</c>); then <c>data: [DONE]</c>.
/// </summary>
internal sealed class ChatCompletionStream(ChatCompletionResponse completion, TokenCounter tokens, bool includeUsage, double perTokenMs, bool cutMidway) : IStreamedReply
{
    private static readonly TimeSpan DeliveryGrace = TimeSpan.FromMilliseconds(200);
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public async Task<FaultKind?> WriteAsync(HttpResponse response, TimeProvider time, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancellationToken);
        if (completion.PromptFilterResults is { } promptFilterResults)
        {
            await WriteEventAsync(response, PromptFilterChunk(promptFilterResults), cancellationToken);
        }

        foreach (var choice in completion.Choices)
        {
            var call = choice.Message.ToolCalls?.FirstOrDefault();
            await WriteChunkAsync(response, Choice(choice.Index, FirstDelta(choice.Message.Role, call), finishReason: null), cancellationToken);
            var pieces = tokens.Split(call?.Function.Arguments ?? choice.Message.Content ?? "");
            for (var i = 0; i < pieces.Count; i++)
            {
                if (cutMidway && i == pieces.Count / 2)
                {
                    // Abort resets the connection and drops output still queued: let what was sent reach the caller first.
                    await response.Body.FlushAsync(cancellationToken);
                    await Task.Delay(DeliveryGrace, time, cancellationToken);
                    response.HttpContext.Abort();
                    return FaultKind.StreamCut;
                }

                if (perTokenMs > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(perTokenMs), time, cancellationToken);
                }

                var pieceChoice = Choice(choice.Index, PieceDelta(pieces[i], call is not null), finishReason: null);
                if (choice.ContentFilterResults is { } annotations)
                {
                    pieceChoice["content_filter_results"] = annotations.DeepClone();
                }

                await WriteChunkAsync(response, pieceChoice, cancellationToken);
            }

            await WriteChunkAsync(response, Choice(choice.Index, [], choice.FinishReason), cancellationToken);
        }

        if (includeUsage)
        {
            await WriteChunkAsync(response, choice: null, cancellationToken);
        }

        await response.Body.WriteAsync(Done, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        return null;
    }

    /// <summary>The role; for a tool call also the call's id, type and name with empty arguments.</summary>
    private static JsonObject FirstDelta(string role, ChatToolCall? call)
    {
        if (call is null)
        {
            return new JsonObject { ["role"] = role, ["content"] = "", ["refusal"] = null };
        }

        var toolCall = new JsonObject
        {
            ["index"] = 0,
            ["id"] = call.Id,
            ["type"] = call.Type,
            ["function"] = new JsonObject { ["name"] = call.Function.Name, ["arguments"] = "" },
        };
        return new JsonObject { ["role"] = role, ["content"] = null, ["tool_calls"] = new JsonArray(toolCall), ["refusal"] = null };
    }

    private static JsonObject PieceDelta(string piece, bool isToolCall) => isToolCall
        ? new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }) }
        : new JsonObject { ["content"] = piece };

    private static JsonObject Choice(int index, JsonObject delta, string? finishReason) => new()
    {
        ["index"] = index,
        ["delta"] = delta,
        ["logprobs"] = null,
        ["finish_reason"] = finishReason,
    };

    /// <param name="choice">Null for the usage chunk, whose choices are empty.</param>
    private async Task WriteChunkAsync(HttpResponse response, JsonObject? choice, CancellationToken cancellationToken)
    {
        var chunk = new JsonObject
        {
            ["id"] = completion.Id,
            ["object"] = "chat.completion.chunk",
            ["created"] = completion.Created,
            ["model"] = completion.Model,
            ["system_fingerprint"] = completion.SystemFingerprint,
            ["choices"] = choice is null ? new JsonArray() : new JsonArray(choice),
        };
        if (includeUsage)
        {
            chunk["usage"] = choice is null ? JsonSerializer.SerializeToNode(completion.Usage, WireJson.Options) : null;
        }

        await WriteEventAsync(response, chunk, cancellationToken);
    }

    /// <summary>Azure opens a stream with the prompt's filter results in a chunk of its own, with empty id and model.</summary>
    private static JsonObject PromptFilterChunk(JsonArray promptFilterResults) => new()
    {
        ["choices"] = new JsonArray(),
        ["created"] = 0,
        ["id"] = "",
        ["model"] = "",
        ["object"] = "",
        ["prompt_filter_results"] = promptFilterResults.DeepClone(),
    };

    private static async Task WriteEventAsync(HttpResponse response, JsonObject chunk, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes($"data: {chunk.ToJsonString(WireJson.Options)}\n\n");
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
