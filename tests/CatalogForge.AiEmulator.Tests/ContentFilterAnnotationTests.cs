using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.AiEmulator.Tests.Support;

namespace CatalogForge.AiEmulator.Tests;

public sealed class ContentFilterAnnotationTests
{
    private static readonly object Body = new { messages = new[] { new { role = "user", content = "a rattan plant stand" } } };

    [Fact]
    public async Task An_azure_deployment_annotates_the_prompt_and_each_choice()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);

        using var reply = await PostAsync(http, "openai/deployments/gpt/chat/completions?api-version=2024-10-21", Body);

        var prompt = Assert.Single(reply.RootElement.GetProperty("prompt_filter_results").EnumerateArray());
        Assert.Equal(0, prompt.GetProperty("prompt_index").GetInt32());
        var promptResults = prompt.GetProperty("content_filter_results");
        Assert.Equal(["hate", "jailbreak", "self_harm", "sexual", "violence"], promptResults.EnumerateObject().Select(p => p.Name));
        Assert.False(promptResults.GetProperty("jailbreak").GetProperty("detected").GetBoolean());
        var choiceResults = reply.RootElement.GetProperty("choices")[0].GetProperty("content_filter_results");
        Assert.Equal(["hate", "protected_material_code", "protected_material_text", "self_harm", "sexual", "violence"], choiceResults.EnumerateObject().Select(p => p.Name));
        Assert.All(new[] { "hate", "self_harm", "sexual", "violence" }, category =>
        {
            Assert.False(choiceResults.GetProperty(category).GetProperty("filtered").GetBoolean());
            Assert.Equal("safe", choiceResults.GetProperty(category).GetProperty("severity").GetString());
        });
    }

    [Fact]
    public async Task The_openai_route_carries_no_azure_annotations()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);

        using var reply = await PostAsync(http, "v1/chat/completions", new { model = "gpt", messages = new[] { new { role = "user", content = "a rattan plant stand" } } });

        Assert.False(reply.RootElement.TryGetProperty("prompt_filter_results", out _));
        Assert.False(reply.RootElement.GetProperty("choices")[0].TryGetProperty("content_filter_results", out _));
    }

    [Fact]
    public async Task An_azure_stream_opens_with_the_prompt_filter_results_in_a_chunk_of_their_own()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var ct = TestContext.Current.CancellationToken;
        var body = new { stream = true, max_tokens = 2, messages = new[] { new { role = "user", content = "a rattan plant stand" } } };

        using var response = await http.PostAsJsonAsync("openai/deployments/gpt/chat/completions?api-version=2024-10-21", body, ct);
        var events = (await response.Content.ReadAsStringAsync(ct)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        using var first = JsonDocument.Parse(events[0]["data: ".Length..]);
        Assert.Equal("", first.RootElement.GetProperty("id").GetString());
        Assert.Equal(0, first.RootElement.GetProperty("choices").GetArrayLength());
        Assert.Equal(0, first.RootElement.GetProperty("prompt_filter_results")[0].GetProperty("prompt_index").GetInt32());
        using var content = JsonDocument.Parse(events[2]["data: ".Length..]);
        Assert.Equal("safe", content.RootElement.GetProperty("choices")[0].GetProperty("content_filter_results").GetProperty("hate").GetProperty("severity").GetString());
        Assert.Equal("data: [DONE]", events[^1]);
    }

    private static async Task<JsonDocument> PostAsync(HttpClient http, string route, object body)
    {
        using var response = await http.PostAsJsonAsync(route, body, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
