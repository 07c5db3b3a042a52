using System.ClientModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CatalogForge.AiEmulator.Tests.Support;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;

namespace CatalogForge.AiEmulator.Tests;

public sealed class StreamingTests
{
    private const string Prompt = "A linen apron with two deep pockets and adjustable neck straps.";

    [Fact]
    public async Task A_small_stream_is_framed_byte_for_byte_like_the_service()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var ct = TestContext.Current.CancellationToken;
        var body = new
        {
            model = "gpt-4o-mini",
            stream = true,
            stream_options = new { include_usage = true },
            max_tokens = 2,
            messages = new[] { new { role = "user", content = Prompt } },
        };

        using var response = await http.PostAsJsonAsync("v1/chat/completions", body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        using var first = JsonDocument.Parse(events[0]["data: ".Length..]);
        var id = first.RootElement.GetProperty("id").GetString()!;
        var created = first.RootElement.GetProperty("created").GetInt64();
        var pieces = events[1..3].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement
            .GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()!).ToList();
        var promptTokens = emulator.State.Requests[0].PromptTokens;
        var head = $$"""data: {"id":"{{id}}","object":"chat.completion.chunk","created":{{created}},"model":"gpt-4o-mini","system_fingerprint":"fp_catalogforge_emulator","choices":""";
        var expected = new StringBuilder()
            .Append(head).Append("""[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}""").Append("\n\n")
            .Append(head).Append($$"""[{"index":0,"delta":{"content":{{Json(pieces[0])}}},"logprobs":null,"finish_reason":null}],"usage":null}""").Append("\n\n")
            .Append(head).Append($$"""[{"index":0,"delta":{"content":{{Json(pieces[1])}}},"logprobs":null,"finish_reason":null}],"usage":null}""").Append("\n\n")
            .Append(head).Append("""[{"index":0,"delta":{},"logprobs":null,"finish_reason":"length"}],"usage":null}""").Append("\n\n")
            .Append(head).Append($$"""[],"usage":{"prompt_tokens":{{promptTokens}},"completion_tokens":2,"total_tokens":{{promptTokens + 2}}""").Append("}}\n\n")
            .Append("data: [DONE]\n\n")
            .ToString();
        Assert.Equal(expected, text);
    }

    [Fact]
    public async Task The_official_client_streams_content_updates_finish_reason_and_usage()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt-4o-mini");
        var ct = TestContext.Current.CancellationToken;

        var text = new StringBuilder();
        var contentUpdates = 0;
        OpenAI.Chat.ChatFinishReason? finishReason = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions(), ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                contentUpdates += part.Text.Length > 0 ? 1 : 0;
            }

            finishReason ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.NotEmpty(text.ToString());
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, finishReason);
        Assert.NotNull(usage);
        Assert.Equal(contentUpdates, usage.OutputTokenCount); // one token per content chunk
        var recorded = Assert.Single(emulator.State.Requests);
        Assert.Equal(usage.InputTokenCount, recorded.PromptTokens);
        Assert.Equal(usage.OutputTokenCount, recorded.CompletionTokens);
    }

    [Fact]
    public async Task Microsoft_extensions_ai_streams_over_the_azure_route()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        var ct = TestContext.Current.CancellationToken;

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync(Prompt, new ChatOptions { MaxOutputTokens = 400 }, ct))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.True(updates.Count(u => u.Text.Length > 0) > 3);
        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(ChatRole.Assistant, response.Messages.Single().Role);
    }

    [Fact]
    public async Task Tokens_are_paced_by_the_deployments_latency_per_token()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { PerOutputTokenMs = 40 }));
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt");
        var ct = TestContext.Current.CancellationToken;

        var arrivals = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 8 }, ct))
        {
            if (update.ContentUpdate.Count > 0 && update.ContentUpdate[0].Text.Length > 0)
            {
                arrivals.Add(clock.Elapsed);
            }
        }

        // The server waited before each token; the client saw them come in over time, not in one burst.
        Assert.Equal(8, arrivals.Count);
        var recorded = await Emulator.WaitForSingleRequestAsync(emulator);
        Assert.True(recorded.DurationMs >= 8 * 40 * 0.95, $"the stream took {recorded.DurationMs} ms");
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromMilliseconds(4 * 40), $"8 tokens came within {(arrivals[^1] - arrivals[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_streamed_call_is_charged_against_the_rate_limit_like_any_other()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { RequestsPerMinute = 6 }));
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt");
        var ct = TestContext.Current.CancellationToken;

        await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions(), ct))
        {
        }

        var rejected = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions(), ct))
            {
            }
        });
        Assert.Equal(429, rejected.Status);
        Assert.Equal([200, 429], emulator.State.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_stream_cut_fault_drops_the_connection_half_way_without_finish_reason()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { StreamCutRate = 1 }));
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt");
        var ct = TestContext.Current.CancellationToken;

        var pieces = 0;
        OpenAI.Chat.ChatFinishReason? finishReason = null;
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 10 }, ct))
            {
                pieces += update.ContentUpdate.Count(part => part.Text.Length > 0);
                finishReason ??= update.FinishReason;
            }
        });

        Assert.Equal(5, pieces);
        Assert.Null(finishReason);
        var recorded = await Emulator.WaitForSingleRequestAsync(emulator);
        Assert.Equal(FaultKind.StreamCut, recorded.Fault);
        Assert.Equal(1, emulator.State.Snapshot().FaultsByKind.GetValueOrDefault("stream_cut"));
    }

    private static string Json(string value) =>
        JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
