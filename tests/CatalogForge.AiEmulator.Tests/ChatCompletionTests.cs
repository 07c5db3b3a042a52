using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.AiEmulator.Tests.Support;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;

namespace CatalogForge.AiEmulator.Tests;

public sealed class ChatCompletionTests
{
    private const string ProductSchema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["title", "description", "price", "availability", "tags", "variants", "dimensions", "sku"],
          "properties": {
            "title": { "type": "string", "minLength": 5, "maxLength": 80 },
            "description": { "type": "string", "maxLength": 400 },
            "price": { "$ref": "#/$defs/money" },
            "availability": { "type": "string", "enum": ["in_stock", "backorder", "discontinued"] },
            "tags": { "type": "array", "items": { "type": "string", "minLength": 3 }, "minItems": 2, "maxItems": 4, "uniqueItems": true },
            "variants": {
              "type": "array",
              "minItems": 1,
              "maxItems": 3,
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["color", "size", "stock"],
                "properties": {
                  "color": { "type": "string" },
                  "size": { "enum": ["S", "M", "L", "XL"] },
                  "stock": { "type": "integer", "minimum": 0, "maximum": 250 },
                  "discountPercent": { "type": ["number", "null"], "minimum": 0, "maximum": 30 }
                }
              }
            },
            "dimensions": {
              "type": "object",
              "required": ["heightCm", "widthCm"],
              "properties": {
                "heightCm": { "type": "number", "exclusiveMinimum": 0, "maximum": 40 },
                "widthCm": { "type": "number", "exclusiveMinimum": 0, "maximum": 40 }
              }
            },
            "sku": { "anyOf": [ { "type": "null" }, { "type": "string", "maxLength": 16 } ] }
          },
          "$defs": {
            "money": {
              "type": "object",
              "additionalProperties": false,
              "required": ["amount", "currency"],
              "properties": {
                "amount": { "type": "number", "minimum": 5, "maximum": 60 },
                "currency": { "type": "string", "enum": ["USD", "EUR"] }
              }
            }
          }
        }
        """;

    private const string Brief = "Write a listing for a handmade ceramic coffee mug with a speckled glaze, 350ml, dishwasher safe.";

    [Fact]
    public async Task Azure_client_gets_a_reply_that_is_valid_against_a_nontrivial_schema()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();

        var response = await chat.GetResponseAsync(Brief, SchemaOptions(), TestContext.Current.CancellationToken);

        var errors = JsonSchemaValidator.Validate(ProductSchema, response.Text);
        Assert.True(errors.Count == 0, string.Join("; ", errors) + "\n" + response.Text);
        using var reply = JsonDocument.Parse(response.Text);
        var title = reply.RootElement.GetProperty("title").GetString()!;
        var briefWords = Brief.ToLowerInvariant();
        Assert.All(title.Split(' '), word => Assert.Contains(word.ToLowerInvariant(), briefWords, StringComparison.Ordinal));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Same_request_gets_the_same_reply_and_a_different_brief_a_different_one()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        var cancellationToken = TestContext.Current.CancellationToken;

        var first = await chat.GetResponseAsync(Brief, SchemaOptions(), cancellationToken);
        var second = await chat.GetResponseAsync(Brief, SchemaOptions(), cancellationToken);
        var other = await chat.GetResponseAsync("Write a listing for a waxed canvas weekender bag with leather handles.", SchemaOptions(), cancellationToken);

        Assert.Equal(first.Text, second.Text);
        Assert.NotEqual(first.Text, other.Text);
        var hashes = emulator.State.Requests.Select(request => request.BodyHash).ToList();
        Assert.Equal(hashes[0], hashes[1]);
        Assert.NotEqual(hashes[0], hashes[2]);
    }

    [Fact]
    public async Task Typed_structured_output_deserialises_into_records()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();

        var response = await chat.GetResponseAsync<Listing>(
            "Describe a linen throw pillow in sage green with hidden zipper.",
            new ChatOptions { MaxOutputTokens = 500 },
            cancellationToken: TestContext.Current.CancellationToken);

        var listing = response.Result;
        Assert.False(string.IsNullOrWhiteSpace(listing.Title));
        Assert.False(string.IsNullOrWhiteSpace(listing.Description));
        Assert.InRange(listing.Keywords.Count, 3, 5);
        Assert.InRange(listing.Price.Amount, 5m, 99m);
        Assert.Equal("USD", listing.Price.Currency);
        Assert.Contains(listing.Keywords, keyword => "linen throw pillow sage green hidden zipper".Contains(keyword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenAI_v1_route_uses_the_body_model_as_deployment()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt-4o-mini").AsIChatClient();

        var response = await chat.GetResponseAsync(Brief, SchemaOptions(), TestContext.Current.CancellationToken);

        Assert.Empty(JsonSchemaValidator.Validate(ProductSchema, response.Text));
        Assert.Equal("gpt-4o-mini", response.ModelId);
        var recorded = Assert.Single(emulator.State.Requests);
        Assert.Equal("gpt-4o-mini", recorded.Deployment);
        Assert.Equal(RequestKind.Chat, recorded.Kind);
    }

    [Fact]
    public async Task Usage_counts_tokens_with_the_model_familys_tokenizer()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        AiChatMessage[] messages =
        [
            new(AiChatRole.System, "You are a careful catalog copywriter."),
            new(AiChatRole.User, Brief),
        ];

        var response = await chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 200 }, TestContext.Current.CancellationToken);

        Assert.Equal(Tokens.Chat(messages[0].Text, messages[1].Text), response.Usage!.InputTokenCount);
        Assert.Equal(Tokens.Count(response.Text), response.Usage.OutputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        var counters = emulator.State.Snapshot();
        Assert.Equal(response.Usage.InputTokenCount, counters.PromptTokens);
        Assert.Equal(response.Usage.OutputTokenCount, counters.CompletionTokens);
    }

    [Fact]
    public async Task Plain_chat_answers_with_sentences_made_of_prompt_words()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();

        var response = await chat.GetResponseAsync("Tell me about bamboo toothbrushes with charcoal bristles", cancellationToken: TestContext.Current.CancellationToken);

        var sentences = response.Text.Split(". ", StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(sentences.Length, 3, 4);
        Assert.True(response.Text.EndsWith('.'), response.Text);
        Assert.All(new[] { "bamboo", "toothbrushes", "charcoal", "bristles" }, word => Assert.Contains(word, response.Text, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("tell", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(AiChatRole.Assistant, response.Messages[0].Role);
    }

    [Fact]
    public async Task Json_object_mode_returns_a_parseable_object()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();

        var response = await chat.GetResponseAsync("Return JSON describing a cast iron skillet", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, TestContext.Current.CancellationToken);

        using var reply = JsonDocument.Parse(response.Text);
        Assert.Equal(JsonValueKind.Object, reply.RootElement.ValueKind);
        Assert.Contains("skillet", reply.RootElement.GetProperty("keywords").EnumerateArray().Select(word => word.GetString()));
    }

    [Fact]
    public async Task Raw_body_with_content_parts_and_max_tokens_is_accepted_and_previewed()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var longText = "Organic cotton baby blanket " + new string('x', 100);
        var body = new
        {
            model = "gpt",
            max_tokens = 500,
            messages = new object[]
            {
                new { role = "system", content = "You write listings." },
                new { role = "user", content = new object[] { new { type = "text", text = longText }, new { type = "image_url", image_url = new { url = "https://example.com/a.png" } } } },
            },
        };

        using var response = await http.PostAsJsonAsync("openai/deployments/gpt/chat/completions?api-version=2024-10-21", body, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = reply.RootElement;
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.True(root.GetProperty("created").GetInt64() > 1_700_000_000);
        Assert.Equal("gpt", root.GetProperty("model").GetString());
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(Tokens.Chat("You write listings.", longText), root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(longText[..80], Assert.Single(emulator.State.Requests).PromptPreview);
    }

    [Fact]
    public async Task Several_choices_get_different_replies_and_their_tokens_add_up()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;

        using var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "gpt", n = 2, messages = new[] { new { role = "user", content = "a felt laptop sleeve with a magnetic clasp" } } }, cancellationToken);

        using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var choices = reply.RootElement.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1], choices.Select(choice => choice.GetProperty("index").GetInt32()));
        var contents = choices.Select(choice => choice.GetProperty("message").GetProperty("content").GetString()!).ToList();
        Assert.NotEqual(contents[0], contents[1]);
        Assert.Equal(contents.Sum(Tokens.Count), reply.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    private static ChatOptions SchemaOptions()
    {
        using var schema = JsonDocument.Parse(ProductSchema);
        return new ChatOptions
        {
            MaxOutputTokens = 800,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "product_listing"),
        };
    }

    public sealed record Listing(string Title, string Description, Money Price, IReadOnlyList<string> Keywords);

    public sealed record Money(decimal Amount, string Currency);
}
