using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.AiEmulator.Tests.Support;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using ChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace CatalogForge.AiEmulator.Tests;

public sealed class TokenLimitTests
{
    private const string Prompt = "Describe a hand-thrown stoneware teapot with a bamboo handle and a speckled oat glaze.";

    private const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["title", "description", "keywords"],
          "properties": {
            "title": { "type": "string" },
            "description": { "type": "string" },
            "keywords": { "type": "array", "items": { "type": "string" } }
          }
        }
        """;

    [Fact]
    public async Task Max_output_tokens_cuts_the_reply_at_the_limit_with_finish_reason_length()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt-4o-mini");
        var ct = TestContext.Current.CancellationToken;

        ChatCompletion whole = await chat.CompleteChatAsync([new UserChatMessage(Prompt)], cancellationToken: ct);
        ChatCompletion cut = await chat.CompleteChatAsync([new UserChatMessage(Prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 5 }, ct);

        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, whole.FinishReason);
        Assert.True(whole.Usage.OutputTokenCount > 5, $"the whole reply has only {whole.Usage.OutputTokenCount} tokens");
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Length, cut.FinishReason);
        Assert.Equal(5, cut.Usage.OutputTokenCount);
        Assert.InRange(cut.Content[0].Text.Length, 1, whole.Content[0].Text.Length - 1);
    }

    [Fact]
    public async Task A_schema_reply_cut_at_max_tokens_is_invalid_json_like_the_service_sends()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        using var schema = JsonDocument.Parse(Schema);
        var options = new ChatOptions
        {
            MaxOutputTokens = 12,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "listing"),
        };

        var response = await chat.GetResponseAsync(Prompt, options, TestContext.Current.CancellationToken);

        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(12, response.Usage!.OutputTokenCount);
        Assert.StartsWith("{", response.Text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(response.Text));
    }

    [Fact]
    public async Task Max_completion_tokens_is_honoured_like_max_tokens()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var body = new { model = "gpt-4o", max_completion_tokens = 3, messages = new[] { new { role = "user", content = Prompt } } };

        using var response = await http.PostAsJsonAsync("v1/chat/completions", body, TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("length", reply.RootElement.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(3, reply.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Truncations_before_success_cut_the_first_replies_only()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { TruncationsBeforeSuccess = 2 }));
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        var ct = TestContext.Current.CancellationToken;

        var reasons = new List<ChatFinishReason?>();
        for (var i = 0; i < 3; i++)
        {
            reasons.Add((await chat.GetResponseAsync($"{Prompt} ({i})", cancellationToken: ct)).FinishReason);
        }

        Assert.Equal([ChatFinishReason.Length, ChatFinishReason.Length, ChatFinishReason.Stop], reasons);
        Assert.Equal(2, emulator.State.Snapshot().FaultsByKind.GetValueOrDefault("truncated"));
    }
}
