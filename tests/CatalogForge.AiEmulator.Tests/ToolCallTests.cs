using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CatalogForge.AiEmulator.Tests.Support;
using OpenAI.Chat;

namespace CatalogForge.AiEmulator.Tests;

public sealed class ToolCallTests
{
    private const string SaveListingSchema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["title", "price", "tags", "availability"],
          "properties": {
            "title": { "type": "string", "minLength": 3, "maxLength": 60 },
            "price": { "type": "number", "minimum": 1, "maximum": 90 },
            "tags": { "type": "array", "items": { "type": "string" }, "minItems": 1, "maxItems": 3 },
            "availability": { "type": "string", "enum": ["in_stock", "backorder"] }
          }
        }
        """;

    private const string LookupSchema = """
        { "type": "object", "required": ["sku"], "properties": { "sku": { "type": "string" } } }
        """;

    private const string Prompt = "Save a listing for a cast-iron skillet with a helper handle.";

    private static readonly ChatTool SaveListing = ChatTool.CreateFunctionTool("save_listing", "Stores a listing", BinaryData.FromString(SaveListingSchema));
    private static readonly ChatTool LookUp = ChatTool.CreateFunctionTool("look_up_sku", "Finds a product", BinaryData.FromString(LookupSchema));

    [Fact]
    public async Task Required_tool_choice_answers_with_a_tool_call_whose_arguments_match_the_schema()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt-4o-mini");
        var options = new ChatCompletionOptions { Tools = { SaveListing }, ToolChoice = ChatToolChoice.CreateRequiredChoice() };

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(Prompt)], options, TestContext.Current.CancellationToken);

        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("save_listing", call.FunctionName);
        Assert.StartsWith("call_", call.Id, StringComparison.Ordinal);
        var errors = JsonSchemaValidator.Validate(SaveListingSchema, call.FunctionArguments.ToString());
        Assert.True(errors.Count == 0, string.Join("; ", errors) + "\n" + call.FunctionArguments);
        Assert.Empty(completion.Content);
        Assert.True(completion.Usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task A_named_function_is_the_one_called()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt");
        var options = new ChatCompletionOptions { Tools = { SaveListing, LookUp }, ToolChoice = ChatToolChoice.CreateFunctionChoice("look_up_sku") };

        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(Prompt)], options, TestContext.Current.CancellationToken);

        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("look_up_sku", call.FunctionName);
        Assert.Empty(JsonSchemaValidator.Validate(LookupSchema, call.FunctionArguments.ToString()));
    }

    [Fact]
    public async Task Auto_answers_either_way_and_the_same_request_always_the_same_way()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt-4o-mini");
        var options = new ChatCompletionOptions { Tools = { SaveListing } };
        var ct = TestContext.Current.CancellationToken;

        var kinds = new List<ChatFinishReason>();
        for (var i = 0; i < 12; i++)
        {
            ChatCompletion first = await chat.CompleteChatAsync([new UserChatMessage($"{Prompt} Variant {i}.")], options, ct);
            ChatCompletion again = await chat.CompleteChatAsync([new UserChatMessage($"{Prompt} Variant {i}.")], options, ct);
            Assert.Equal(first.FinishReason, again.FinishReason);
            Assert.Equal(first.ToolCalls.Select(c => c.FunctionArguments.ToString()), again.ToolCalls.Select(c => c.FunctionArguments.ToString()));
            kinds.Add(first.FinishReason);
        }

        Assert.Contains(ChatFinishReason.ToolCalls, kinds);
        Assert.Contains(ChatFinishReason.Stop, kinds);
    }

    [Fact]
    public async Task A_streamed_tool_call_arrives_in_argument_pieces_that_add_up_to_valid_arguments()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt-4o-mini");
        var options = new ChatCompletionOptions { Tools = { SaveListing }, ToolChoice = ChatToolChoice.CreateRequiredChoice() };

        var arguments = new StringBuilder();
        var names = new List<string>();
        var pieces = 0;
        ChatFinishReason? finishReason = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(Prompt)], options, TestContext.Current.CancellationToken))
        {
            foreach (var toolUpdate in update.ToolCallUpdates)
            {
                if (toolUpdate.FunctionName is { } name)
                {
                    names.Add(name);
                }

                if (toolUpdate.FunctionArgumentsUpdate is { } piece && !piece.ToMemory().IsEmpty)
                {
                    arguments.Append(piece.ToString());
                    pieces++;
                }
            }

            finishReason ??= update.FinishReason;
        }

        Assert.Equal(["save_listing"], names);
        Assert.True(pieces > 3);
        Assert.Equal(ChatFinishReason.ToolCalls, finishReason);
        var errors = JsonSchemaValidator.Validate(SaveListingSchema, arguments.ToString());
        Assert.True(errors.Count == 0, string.Join("; ", errors) + "\n" + arguments);
    }

    [Fact]
    public async Task A_tool_choice_naming_an_unknown_function_gets_400()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var body = JsonDocument.Parse($$"""
            {"model":"gpt","messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"function","function":{"name":"save_listing","parameters":{{SaveListingSchema}} } }],
             "tool_choice":{"type":"function","function":{"name":"delete_everything"} } }
            """).RootElement;

        using var response = await http.PostAsJsonAsync("v1/chat/completions", body, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("tool_choice", error.RootElement.GetProperty("error").GetProperty("param").GetString());
        Assert.Contains("delete_everything", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
