using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Globalization;
using Azure.AI.OpenAI;
using CatalogForge.Testing;
using CatalogForge.AiEmulator;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.AI;
using Polly.Timeout;

namespace CatalogForge.Core.Tests.Ai.Resilience;

public sealed class AiResiliencePipelineTests
{
    private const string Deployment = "d";

    private static RetryPolicyOptions FastOptions() => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(500),
        UseJitter = true,
        PerAttemptTimeout = TimeSpan.FromSeconds(30),
    };

    private static IChatClient ChatClient(EmulatorHost emulator) =>
        new AzureOpenAIClient(emulator.BaseUri, new ApiKeyCredential("k"), new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0) })
            .GetChatClient(Deployment)
            .AsIChatClient();

    private static Task<EmulatorHost> StartAsync(DeploymentSettings settings, bool strict = false) =>
        EmulatorHost.StartAsync(new EmulatorOptions { StrictDeployments = strict, Deployments = { [Deployment] = settings } }, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_429_storm_succeeds_and_never_retries_before_the_announced_Retry_After()
    {
        // 24 RPM = 4 requests per sliding 10 s window, so a burst of 8 gets 429s for half of it.
        await using var emulator = await StartAsync(new DeploymentSettings { RequestsPerMinute = 24 });
        var chat = ChatClient(emulator);
        var factory = new AiResiliencePipelineFactory(FastOptions());
        var pipeline = factory.GetPipeline(Deployment);
        var announced = new ConcurrentDictionary<int, List<TimeSpan>>();
        var ct = TestContext.Current.CancellationToken;

        var calls = Enumerable.Range(0, 8).Select(i => pipeline.ExecuteAsync(async token =>
        {
            try
            {
                return await chat.GetResponseAsync($"Describe catalog item number {i}", new ChatOptions { MaxOutputTokens = 50 }, token);
            }
            catch (ClientResultException exception) when (exception.Status == 429)
            {
                var ms = exception.GetRawResponse()!.Headers.TryGetValue("retry-after-ms", out var value) ? value : null;
                announced.GetOrAdd(i, _ => []).Add(TimeSpan.FromMilliseconds(double.Parse(ms!, CultureInfo.InvariantCulture)));
                throw;
            }
        }, ct).AsTask());
        var responses = await Task.WhenAll(calls);

        Assert.All(responses, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
        var log = emulator.State.Requests.Where(r => r.Deployment == Deployment).ToList();
        Assert.Contains(log, r => r.StatusCode == 429);
        Assert.Equal(8, log.Count(r => r.StatusCode == 200));
        var rateLimited = log.Count(r => r.StatusCode == 429);
        Assert.Equal(rateLimited, factory.Metrics.RateLimited(Deployment));
        Assert.Equal(rateLimited, factory.Metrics.Retries(Deployment));
        Assert.Equal(rateLimited, announced.Values.Sum(list => list.Count));

        var slack = TimeSpan.FromMilliseconds(50);
        foreach (var attempts in log.GroupBy(r => r.BodyHash))
        {
            var ordered = attempts.OrderBy(r => r.Sequence).ToList();
            var preview = ordered[0].PromptPreview;
            var call = int.Parse(preview[(preview.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            var callWaits = announced.TryGetValue(call, out var waits) ? waits : [];
            Assert.Equal(ordered.Count(r => r.StatusCode == 429), callWaits.Count);
            for (var n = 0; n < ordered.Count - 1; n++)
            {
                Assert.Equal(429, ordered[n].StatusCode);
                var gap = ordered[n + 1].Timestamp - ordered[n].Timestamp;
                Assert.True(gap >= callWaits[n] - slack, $"Retry of '{ordered[n].PromptPreview}' came after {gap.TotalMilliseconds} ms; the 429 asked for {callWaits[n].TotalMilliseconds} ms.");
            }

            Assert.Equal(200, ordered[^1].StatusCode);
        }
    }

    [Fact]
    public async Task Two_server_errors_then_success_takes_three_attempts()
    {
        await using var emulator = await StartAsync(new DeploymentSettings { ServerErrorsBeforeSuccess = 2 });
        var chat = ChatClient(emulator);
        var factory = new AiResiliencePipelineFactory(FastOptions());
        var attempts = 0;

        var response = await factory.GetPipeline(Deployment).ExecuteAsync(async token =>
        {
            Interlocked.Increment(ref attempts);
            return await chat.GetResponseAsync("Write a product title", cancellationToken: token);
        }, TestContext.Current.CancellationToken);

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(3, attempts);
        Assert.Equal([500, 500, 200], emulator.State.Requests.Select(r => r.StatusCode));
        Assert.Equal(2, factory.Metrics.Retries(Deployment));
        Assert.Equal(0, factory.Metrics.RateLimited(Deployment));
    }

    [Fact]
    public async Task Persistent_server_errors_fail_after_one_attempt_plus_three_retries()
    {
        await using var emulator = await StartAsync(new DeploymentSettings { ServerErrorRate = 1, FaultSeed = 7 });
        var chat = ChatClient(emulator);
        var factory = new AiResiliencePipelineFactory(FastOptions());
        var attempts = 0;

        var exception = await Assert.ThrowsAnyAsync<Exception>(async () => await factory.GetPipeline(Deployment).ExecuteAsync(async token =>
        {
            Interlocked.Increment(ref attempts);
            return await chat.GetResponseAsync("Write a product title", cancellationToken: token);
        }, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorClass.ServerError, AiErrorClassifier.Classify(exception));
        Assert.Equal(4, attempts);
        Assert.Equal(4, emulator.State.Requests.Count);
        Assert.All(emulator.State.Requests, r => Assert.True(r.StatusCode >= 500));
        Assert.Equal(3, factory.Metrics.Retries(Deployment));
    }

    [Fact]
    public async Task A_content_filter_400_is_not_retried()
    {
        await using var emulator = await StartAsync(new DeploymentSettings { ContentFilterTriggers = ["forbidden"] });
        var chat = ChatClient(emulator);
        var factory = new AiResiliencePipelineFactory(FastOptions());
        var attempts = 0;

        var exception = await Assert.ThrowsAnyAsync<Exception>(async () => await factory.GetPipeline(Deployment).ExecuteAsync(async token =>
        {
            Interlocked.Increment(ref attempts);
            return await chat.GetResponseAsync("Something forbidden", cancellationToken: token);
        }, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorClass.ContentPolicy, AiErrorClassifier.Classify(exception));
        Assert.Equal(1, attempts);
        Assert.Single(emulator.State.Requests);
        Assert.Equal(0, factory.Metrics.Retries(Deployment));
    }

    [Fact]
    public async Task An_unknown_deployment_404_is_not_retried()
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions { StrictDeployments = true }, cancellationToken: TestContext.Current.CancellationToken);
        var chat = ChatClient(emulator);
        var factory = new AiResiliencePipelineFactory(FastOptions());
        var attempts = 0;

        var exception = await Assert.ThrowsAnyAsync<Exception>(async () => await factory.GetPipeline(Deployment).ExecuteAsync(async token =>
        {
            Interlocked.Increment(ref attempts);
            return await chat.GetResponseAsync("Write a product title", cancellationToken: token);
        }, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorClass.NotFound, AiErrorClassifier.Classify(exception));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_hung_attempt_times_out_and_is_retried_as_Timeout()
    {
        await using var emulator = await StartAsync(new DeploymentSettings { HangRate = 1, HangMs = 3_000, FaultSeed = 1 });
        var chat = ChatClient(emulator);
        var options = FastOptions();
        options.PerAttemptTimeout = TimeSpan.FromMilliseconds(200);
        options.Attempts[ErrorClass.Timeout] = 1;
        var factory = new AiResiliencePipelineFactory(options);
        var attempts = 0;

        var exception = await Assert.ThrowsAsync<TimeoutRejectedException>(async () => await factory.GetPipeline(Deployment).ExecuteAsync(async token =>
        {
            Interlocked.Increment(ref attempts);
            return await chat.GetResponseAsync("Write a product title", cancellationToken: token);
        }, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorClass.Timeout, AiErrorClassifier.Classify(exception));
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void Pipelines_are_cached_per_deployment()
    {
        var factory = new AiResiliencePipelineFactory(new RetryPolicyOptions());
        Assert.Same(factory.GetPipeline("a"), factory.GetPipeline("A"));
        Assert.NotSame(factory.GetPipeline("a"), factory.GetPipeline("b"));
    }

    [Fact]
    public void Server_wait_prefers_retry_after_ms_then_seconds_then_an_http_date()
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var clock = new ManualTimeProvider(now);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), AiResiliencePipelineFactory.GetServerRetryAfter(Failure(("retry-after-ms", "1500"), ("Retry-After", "9")), clock));
        Assert.Equal(TimeSpan.FromSeconds(9), AiResiliencePipelineFactory.GetServerRetryAfter(Failure(("Retry-After", "9")), clock));
        Assert.Equal(TimeSpan.FromSeconds(20), AiResiliencePipelineFactory.GetServerRetryAfter(Failure(("Retry-After", now.AddSeconds(20).ToString("r", CultureInfo.InvariantCulture))), clock));
        Assert.Null(AiResiliencePipelineFactory.GetServerRetryAfter(Failure(), clock));
        Assert.Null(AiResiliencePipelineFactory.GetServerRetryAfter(new TimeoutException(), clock));
    }

    private static ClientResultException Failure(params (string Name, string Value)[] headers)
    {
        var response = new HeaderResponse(429, headers);
        return new ClientResultException(response);
    }

    private sealed class HeaderResponse(int status, (string Name, string Value)[] headers) : PipelineResponse
    {
        private BinaryData _content = BinaryData.FromString("{}");

        public override int Status => status;

        public override string ReasonPhrase => "Too Many Requests";

        public override Stream? ContentStream { get; set; }

        public override BinaryData Content => _content;

        protected override PipelineResponseHeaders HeadersCore => new Headers(headers);

        public override BinaryData BufferContent(CancellationToken cancellationToken = default) => _content;

        public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(_content);

        public override void Dispose() => _content = BinaryData.Empty;
    }

    private sealed class Headers((string Name, string Value)[] headers) : PipelineResponseHeaders
    {
        public override bool TryGetValue(string name, out string? value)
        {
            foreach (var (n, v) in headers)
            {
                if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
                {
                    value = v;
                    return true;
                }
            }

            value = null;
            return false;
        }

        public override bool TryGetValues(string name, out IEnumerable<string>? values)
        {
            var found = TryGetValue(name, out var value);
            values = found ? [value!] : null;
            return found;
        }

        public override IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
            headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).GetEnumerator();
    }
}
