using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CatalogForge.AiEmulator.Tests.Support;
using Microsoft.Extensions.AI;

namespace CatalogForge.AiEmulator.Tests;

public sealed class AdminApiTests
{
    [Fact]
    public async Task Counters_count_requests_per_kind_and_deployment_and_reset_zeroes_them()
    {
        await using var emulator = await Emulator.StartAsync();
        var client = Emulator.AzureClient(emulator);
        using var http = Emulator.Http(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;
        await client.GetChatClient("writer").AsIChatClient().GetResponseAsync("a bamboo cutting board", cancellationToken: cancellationToken);
        await client.GetChatClient("writer").AsIChatClient().GetResponseAsync("a bamboo spatula", cancellationToken: cancellationToken);
        await client.GetEmbeddingClient("emb").AsIEmbeddingGenerator().GenerateAsync(["one", "two"], cancellationToken: cancellationToken);
        await client.GetImageClient("img").AsIImageGenerator().GenerateImagesAsync(
            "a board", new ImageGenerationOptions { ImageSize = new System.Drawing.Size(256, 256), ResponseFormat = ImageGenerationResponseFormat.Data }, cancellationToken);

        var counters = await http.GetFromJsonAsync<JsonObject>("admin/counters", cancellationToken);

        Assert.Equal(4, (long)counters!["totalRequests"]!);
        Assert.Equal(2, (long)counters["chatRequests"]!);
        Assert.Equal(1, (long)counters["embeddingRequests"]!);
        Assert.Equal(1, (long)counters["imageRequests"]!);
        Assert.Equal(1, (long)counters["imagesGenerated"]!);
        Assert.Equal(4, (long)counters["responsesByStatus"]!["200"]!);
        Assert.True((long)counters["promptTokens"]! > 0);
        Assert.True((long)counters["completionTokens"]! > 0);
        Assert.Equal(2, (long)counters["deployments"]!["writer"]!["chatRequests"]!);
        Assert.Equal(1, (long)counters["deployments"]!["emb"]!["embeddingRequests"]!);

        using var reset = await http.PostAsync("admin/reset", content: null, cancellationToken);
        reset.EnsureSuccessStatusCode();
        var afterReset = await http.GetFromJsonAsync<JsonObject>("admin/counters", cancellationToken);
        Assert.Equal(0, (long)afterReset!["totalRequests"]!);
        Assert.Equal(0, (long)afterReset["promptTokens"]!);
        Assert.Empty(afterReset["deployments"]!.AsObject());
        Assert.Empty((await http.GetFromJsonAsync<JsonArray>("admin/requests", cancellationToken))!);
    }

    [Fact]
    public async Task Request_log_records_what_the_provider_saw()
    {
        await using var emulator = await Emulator.StartAsync();
        var client = Emulator.AzureClient(emulator);
        using var http = Emulator.Http(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;
        var longPrompt = "An extremely detailed brief about a hand-thrown stoneware serving bowl with a reactive glaze, oven safe";
        await client.GetChatClient("gpt").AsIChatClient().GetResponseAsync(longPrompt, cancellationToken: cancellationToken);
        await client.GetChatClient("gpt").AsIChatClient().GetResponseAsync(longPrompt, cancellationToken: cancellationToken);
        await client.GetEmbeddingClient("emb").AsIEmbeddingGenerator().GenerateAsync(["stoneware bowl"], cancellationToken: cancellationToken);

        var log = await http.GetFromJsonAsync<JsonArray>("admin/requests", cancellationToken);
        var embeddingsOnly = await http.GetFromJsonAsync<JsonArray>("admin/requests?kind=embeddings", cancellationToken);
        var newest = await http.GetFromJsonAsync<JsonArray>("admin/requests?take=1", cancellationToken);

        Assert.Equal(3, log!.Count);
        var chat = log[0]!;
        Assert.Equal("chat", (string)chat["kind"]!);
        Assert.Equal("gpt", (string)chat["deployment"]!);
        Assert.Equal(200, (int)chat["statusCode"]!);
        Assert.Matches("^[0-9a-f]{16}$", (string)chat["bodyHash"]!);
        Assert.Equal((string)chat["bodyHash"]!, (string)log[1]!["bodyHash"]!);
        Assert.Equal(longPrompt[..80], (string)chat["promptPreview"]!);
        Assert.Equal(Tokens.Chat(longPrompt), (int)chat["promptTokens"]!);
        Assert.True((int)chat["completionTokens"]! > 0);
        Assert.Null(chat["fault"]);
        Assert.True(DateTimeOffset.Parse((string)chat["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal("stoneware bowl", (string)Assert.Single(embeddingsOnly!)!["promptPreview"]!);
        Assert.Equal("embeddings", (string)Assert.Single(newest!)!["kind"]!);
    }

    [Fact]
    public async Task Put_deployment_changes_limits_faults_and_latency_at_run_time()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        var cancellationToken = TestContext.Current.CancellationToken;

        using var put = await http.PutAsJsonAsync("admin/deployments/gpt", new { baseLatencyMs = 300, ContentFilterTriggers = new[] { "forbidden" } }, cancellationToken);
        var effective = await put.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        await chat.GetResponseAsync("a lamp", cancellationToken: cancellationToken);
        var elapsed = stopwatch.Elapsed;
        await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => chat.GetResponseAsync("a forbidden lamp", cancellationToken: cancellationToken));
        var listing = await http.GetFromJsonAsync<JsonObject>("admin/deployments", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(300, (double)effective!["baseLatencyMs"]!);
        Assert.Equal(1000, (int)effective["defaultMaxTokens"]!);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(300, (double)listing!["deployments"]!["gpt"]!["baseLatencyMs"]!);
        Assert.Equal(0, (double)listing["defaults"]!["baseLatencyMs"]!);
        Assert.Equal(300, emulator.State.GetSettings("gpt").BaseLatencyMs);

        using var limit = await http.PutAsJsonAsync("admin/deployments/gpt", new { tokensPerMinute = 1000 }, cancellationToken);
        await chat.GetResponseAsync("a lamp", new ChatOptions { MaxOutputTokens = 900 }, cancellationToken);
        var limited = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => chat.GetResponseAsync("a lamp", new ChatOptions { MaxOutputTokens = 900 }, cancellationToken));
        Assert.Equal(429, limited.Status);
        Assert.Equal(0, emulator.State.GetSettings("gpt").BaseLatencyMs);
    }

    [Theory]
    [InlineData("""{"serverErrorRate": 2}""", "ServerErrorRate")]
    [InlineData("""{"hangMs": -1}""", "HangMs")]
    [InlineData("""{"tokensPerMinuteTypo": 5}""", "tokensPerMinuteTypo")]
    [InlineData("""{"tokensPerMinute": "lots"}""", "")]
    [InlineData("""[1, 2]""", "object")]
    public async Task Put_deployment_rejects_invalid_settings_with_a_clear_message(string body, string mentioned)
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await http.PutAsync("admin/deployments/gpt", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["error"]!.GetValue<string>();
        Assert.Contains(mentioned, error, StringComparison.Ordinal);
        Assert.False(emulator.State.IsConfigured("gpt"));
    }

    [Fact]
    public async Task Request_log_keeps_only_the_newest_entries()
    {
        await using var emulator = await Emulator.StartAsync(new EmulatorOptions { RequestLogCapacity = 3 });
        var embedder = Emulator.AzureClient(emulator).GetEmbeddingClient("emb").AsIEmbeddingGenerator();

        for (var i = 0; i < 5; i++)
        {
            await embedder.GenerateAsync([$"text {i}"], cancellationToken: TestContext.Current.CancellationToken);
        }

        Assert.Equal([3L, 4L, 5L], emulator.State.Requests.Select(request => request.Sequence));
        Assert.Equal("text 4", emulator.State.Requests[^1].PromptPreview);
        Assert.Equal(5, emulator.State.Snapshot().TotalRequests);
    }

    [Fact]
    public async Task Concurrent_requests_are_all_counted_and_logged()
    {
        await using var emulator = await Emulator.StartAsync();
        var embedder = Emulator.AzureClient(emulator).GetEmbeddingClient("emb").AsIEmbeddingGenerator();

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            embedder.GenerateAsync([$"parallel {i}"], cancellationToken: TestContext.Current.CancellationToken)));

        Assert.Equal(40, emulator.State.Snapshot().EmbeddingRequests);
        Assert.Equal(40, emulator.State.Requests.Select(request => request.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task Health_answers_ok()
    {
        await using var emulator = await Emulator.StartAsync();
        using var http = Emulator.Http(emulator);

        var health = await http.GetStringAsync("health", TestContext.Current.CancellationToken);

        Assert.Equal("""{"status":"ok"}""", health);
    }
}
