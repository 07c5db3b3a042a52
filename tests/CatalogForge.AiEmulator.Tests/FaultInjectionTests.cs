using System.ClientModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.AiEmulator.Tests.Support;
using Microsoft.Extensions.AI;

namespace CatalogForge.AiEmulator.Tests;

public sealed class FaultInjectionTests
{
    private const string JsonSchema = """
        {"type":"object","required":["title","tags"],"properties":{"title":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}}}}
        """;

    [Fact]
    public async Task Server_error_rate_of_one_fails_every_request_with_500_or_503()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { ServerErrorRate = 1, FaultSeed = 3 }));
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();

        var statuses = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("a mug", cancellationToken: TestContext.Current.CancellationToken));
            statuses.Add(error.Status);
            using var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
            Assert.Equal("server_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
            if (error.Status == 503)
            {
                Assert.True(error.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter) && int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
            }
        }

        Assert.All(statuses, status => Assert.Contains(status, new[] { 500, 503 }));
        Assert.Contains(500, statuses);
        Assert.Contains(503, statuses);
        var counters = emulator.State.Snapshot();
        Assert.Equal(12, counters.FaultsSent);
        Assert.Equal(statuses.Count(s => s == 500), counters.FaultsByKind.GetValueOrDefault("server_error"));
        Assert.Equal(statuses.Count(s => s == 503), counters.FaultsByKind.GetValueOrDefault("service_unavailable"));
        Assert.Equal(0, counters.CompletionTokens);
    }

    [Fact]
    public async Task Fault_draws_repeat_for_the_same_seed_after_a_reset()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { ServerErrorRate = 0.5, FaultSeed = 42 }));
        using var http = Emulator.Http(emulator);

        var firstRun = await StatusesAsync(http, 24);
        emulator.State.Reset();
        var secondRun = await StatusesAsync(http, 24);

        Assert.Equal(firstRun, secondRun);
        Assert.Contains(200, firstRun);
        Assert.Contains(firstRun, status => status >= 500);
    }

    [Fact]
    public async Task Server_errors_before_success_fail_exactly_the_first_n_requests()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { ServerErrorsBeforeSuccess = 3 }));
        using var http = Emulator.Http(emulator);

        Assert.Equal([500, 500, 500, 200, 200], await StatusesAsync(http, 5));
    }

    [Fact]
    public async Task Content_filter_trigger_gets_azures_400_with_the_filter_result()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { ContentFilterTriggers = ["grenade"] }));
        var client = Emulator.AzureClient(emulator);
        var chat = client.GetChatClient("gpt").AsIChatClient();
        var cancellationToken = TestContext.Current.CancellationToken;

        var allowed = await chat.GetResponseAsync("a pineapple-shaped planter", cancellationToken: cancellationToken);
        var error = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("a pineapple GRENADE-shaped planter", cancellationToken: cancellationToken));

        Assert.NotEmpty(allowed.Text);
        Assert.Equal(400, error.Status);
        using var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        var details = body.RootElement.GetProperty("error");
        Assert.Equal("content_filter", details.GetProperty("code").GetString());
        Assert.Equal("prompt", details.GetProperty("param").GetString());
        Assert.Equal(400, details.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, details.GetProperty("type").ValueKind);
        Assert.StartsWith("The response was filtered due to the prompt triggering Azure OpenAI's content management policy", details.GetProperty("message").GetString(), StringComparison.Ordinal);
        var inner = details.GetProperty("innererror");
        Assert.Equal("ResponsibleAIPolicyViolation", inner.GetProperty("code").GetString());
        var result = inner.GetProperty("content_filter_result");
        Assert.True(result.GetProperty("violence").GetProperty("filtered").GetBoolean());
        Assert.Equal("medium", result.GetProperty("violence").GetProperty("severity").GetString());
        foreach (var category in new[] { "hate", "self_harm", "sexual" })
        {
            Assert.False(result.GetProperty(category).GetProperty("filtered").GetBoolean());
        }

        Assert.False(result.GetProperty("jailbreak").GetProperty("detected").GetBoolean());
        Assert.Equal(FaultKind.ContentFilter, emulator.State.Requests[^1].Fault);
    }

    [Fact]
    public async Task Content_filter_applies_to_image_prompts_too()
    {
        await using var emulator = await Emulator.StartAsync(new EmulatorOptions { Defaults = new DeploymentSettings { ContentFilterTriggers = ["grenade"] } });
        using var http = Emulator.Http(emulator);

        using var response = await http.PostAsJsonAsync("v1/images/generations", new { model = "img", prompt = "a grenade", size = "256x256" }, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"content_filter\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_rate_of_one_returns_unparseable_content_for_schema_requests()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { InvalidJsonRate = 1 }));
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        using var schema = JsonDocument.Parse(JsonSchema);

        var response = await chat.GetResponseAsync(
            "a cedar shoe rack",
            new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.RootElement.Clone(), "rack") },
            TestContext.Current.CancellationToken);

        Assert.StartsWith("{", response.Text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(response.Text));
        Assert.Equal(FaultKind.InvalidJson, emulator.State.Requests[^1].Fault);
        Assert.Equal(1, emulator.State.Snapshot().FaultsByKind["invalid_json"]);
    }

    [Fact]
    public async Task Truncate_rate_of_one_cuts_the_reply_in_half_with_finish_reason_length()
    {
        await using var emulator = await Emulator.StartAsync();
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        var cancellationToken = TestContext.Current.CancellationToken;

        var whole = await chat.GetResponseAsync("a cedar shoe rack with three shelves", cancellationToken: cancellationToken);
        emulator.State.Configure("gpt", new DeploymentSettings { TruncateRate = 1 });
        var truncated = await chat.GetResponseAsync("a cedar shoe rack with three shelves", cancellationToken: cancellationToken);

        Assert.Equal(ChatFinishReason.Stop, whole.FinishReason);
        Assert.Equal(ChatFinishReason.Length, truncated.FinishReason);
        Assert.Equal(whole.Text[..(whole.Text.Length / 2)], truncated.Text);
        Assert.Equal(Tokens.Count(truncated.Text), truncated.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Hang_outlasts_a_client_timeout_and_is_logged_as_abandoned()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { HangRate = 1, HangMs = 30_000 }));
        var chat = Emulator.AzureClient(emulator, networkTimeout: TimeSpan.FromSeconds(2)).GetChatClient("gpt").AsIChatClient();
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<Exception>(() => chat.GetResponseAsync("a mug", cancellationToken: TestContext.Current.CancellationToken));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(20));
        var recorded = await Emulator.WaitForSingleRequestAsync(emulator);
        Assert.Equal(499, recorded.StatusCode);
        Assert.Equal(FaultKind.Hang, recorded.Fault);
    }

    [Fact]
    public async Task Short_hang_still_answers_when_the_client_waits()
    {
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", new DeploymentSettings { HangRate = 1, HangMs = 400 }));
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        var stopwatch = Stopwatch.StartNew();

        var response = await chat.GetResponseAsync("a mug", cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered after {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.NotEmpty(response.Text);
        var recorded = Assert.Single(emulator.State.Requests);
        Assert.Equal(200, recorded.StatusCode);
        Assert.Equal(FaultKind.Hang, recorded.Fault);
    }

    private static async Task<List<int>> StatusesAsync(HttpClient http, int count)
    {
        var statuses = new List<int>();
        for (var i = 0; i < count; i++)
        {
            using var response = await http.PostAsJsonAsync(
                "openai/deployments/gpt/chat/completions?api-version=2024-10-21",
                new { messages = new[] { new { role = "user", content = $"request {i}" } } },
                TestContext.Current.CancellationToken);
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }
}
