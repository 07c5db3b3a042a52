using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Text.Json;
using CatalogForge.AiEmulator.Tests.Support;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace CatalogForge.AiEmulator.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task A_burst_over_the_token_budget_gets_429_with_retry_after_and_azures_body()
    {
        var settings = new DeploymentSettings { TokensPerMinute = 1_000, RequestsPerMinute = 600 };
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", settings));
        var chat = Emulator.OpenAiClient(emulator).GetChatClient("gpt");
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 400 };
        var cancellationToken = TestContext.Current.CancellationToken;

        // Each request charges its prompt tokens + 400: two fit in 1,000, the third does not.
        var charge = Tokens.Chat("hello there") + 400;
        var first = await chat.CompleteChatAsync([new UserChatMessage("hello there")], options, cancellationToken);
        var second = await chat.CompleteChatAsync([new UserChatMessage("hello there")], options, cancellationToken);
        var rejected = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync([new UserChatMessage("hello there")], options, cancellationToken));

        Assert.Equal(1_000 - charge, IntHeader(first.GetRawResponse(), "x-ratelimit-remaining-tokens"));
        Assert.Equal(1_000 - (2 * charge), IntHeader(second.GetRawResponse(), "x-ratelimit-remaining-tokens"));
        Assert.Equal(98, IntHeader(second.GetRawResponse(), "x-ratelimit-remaining-requests"));
        Assert.Equal(429, rejected.Status);
        var raw = rejected.GetRawResponse()!;
        var retryAfter = IntHeader(raw, "Retry-After");
        var retryAfterMs = IntHeader(raw, "retry-after-ms");
        Assert.InRange(retryAfter, 50, 60);
        Assert.InRange(retryAfterMs, 49_000, 60_000);
        Assert.Equal((int)Math.Ceiling(retryAfterMs / 1000.0), retryAfter);
        using var body = JsonDocument.Parse(raw.Content.ToString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("429", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.StartsWith("Requests to the ChatCompletions_Create Operation under Azure OpenAI API version", message, StringComparison.Ordinal);
        Assert.Contains("have exceeded token rate limit of your current OpenAI S0 pricing tier", message, StringComparison.Ordinal);
        Assert.Contains($"Please retry after {retryAfter} seconds.", message, StringComparison.Ordinal);
        var counters = emulator.State.Snapshot();
        Assert.Equal(1, counters.RateLimitedResponses);
        Assert.Equal(1, counters.Deployments["gpt"].RateLimitedResponses);
        Assert.Equal(429, emulator.State.Requests[^1].StatusCode);
        Assert.Equal(retryAfterMs, emulator.State.Requests[^1].RetryAfterMs);
        Assert.Null(emulator.State.Requests[0].RetryAfterMs);
    }

    [Fact]
    public async Task Request_rate_derived_from_tpm_allows_one_call_per_10_seconds_at_1000_tpm()
    {
        var settings = new DeploymentSettings { TokensPerMinute = 1_000 };
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", settings));
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        var options = new ChatOptions { MaxOutputTokens = 10 };
        var cancellationToken = TestContext.Current.CancellationToken;

        await chat.GetResponseAsync("hi", options, cancellationToken);
        var rejected = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("hi", options, cancellationToken));

        Assert.Equal(429, rejected.Status);
        var raw = rejected.GetRawResponse()!;
        Assert.InRange(IntHeader(raw, "Retry-After"), 9, 10);
        Assert.InRange(IntHeader(raw, "retry-after-ms"), 8_000, 10_000);
        Assert.Equal(0, IntHeader(raw, "x-ratelimit-remaining-requests"));
        var message = JsonDocument.Parse(raw.Content.ToString()).RootElement.GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("under Azure OpenAI API version 2024-10-21 have exceeded call rate limit", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_requests_without_max_tokens_are_charged_the_configured_default()
    {
        var settings = new DeploymentSettings { TokensPerMinute = 100, RequestsPerMinute = 600, DefaultMaxTokens = 38 };
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("gpt", settings));
        var chat = Emulator.AzureClient(emulator).GetChatClient("gpt").AsIChatClient();
        var cancellationToken = TestContext.Current.CancellationToken;

        Assert.Equal(8, Tokens.Chat("hi"));
        await chat.GetResponseAsync("hi", cancellationToken: cancellationToken); // 8 + 38
        await chat.GetResponseAsync("hi", cancellationToken: cancellationToken); // 92 used
        var rejected = await Assert.ThrowsAsync<ClientResultException>(() => chat.GetResponseAsync("hi", cancellationToken: cancellationToken));

        Assert.Equal(429, rejected.Status);
        Assert.Equal(8, IntHeader(rejected.GetRawResponse()!, "x-ratelimit-remaining-tokens"));
    }

    [Fact]
    public async Task Embeddings_are_charged_their_input_tokens_and_other_deployments_are_unaffected()
    {
        var settings = new DeploymentSettings { TokensPerMinute = 10, RequestsPerMinute = 600 };
        await using var emulator = await Emulator.StartAsync(Emulator.WithDeployment("emb", settings));
        var client = Emulator.AzureClient(emulator);
        var cancellationToken = TestContext.Current.CancellationToken;
        var limited = client.GetEmbeddingClient("emb").AsIEmbeddingGenerator();

        const string EightTokens = "one two three four five six seven eight";
        const string ThreeTokens = "nine ten eleven";
        Assert.Equal((8, 3), (Tokens.Count(EightTokens), Tokens.Count(ThreeTokens)));
        await limited.GenerateAsync([EightTokens], cancellationToken: cancellationToken);
        var rejected = await Assert.ThrowsAsync<ClientResultException>(() => limited.GenerateAsync([ThreeTokens], cancellationToken: cancellationToken));
        await client.GetEmbeddingClient("other").AsIEmbeddingGenerator().GenerateAsync([ThreeTokens], cancellationToken: cancellationToken);

        Assert.Equal(429, rejected.Status);
        Assert.Contains("Embeddings_Create", rejected.GetRawResponse()!.Content.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, emulator.State.Requests.Count(request => request.StatusCode == 200));
    }

    private static int IntHeader(PipelineResponse response, string name) =>
        response.Headers.TryGetValue(name, out var value)
            ? int.Parse(value!, CultureInfo.InvariantCulture)
            : throw new Xunit.Sdk.XunitException($"Header {name} is missing.");
}
