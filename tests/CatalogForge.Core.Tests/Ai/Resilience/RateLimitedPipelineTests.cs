using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Resilience;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Tests.Ai.Resilience;

/// <summary>The limiter's place in a deployment's pipeline: inside the retry, outside the per-attempt timeout.</summary>
public sealed class RateLimitedPipelineTests
{
    private const string Deployment = "limited";

    [Fact]
    public async Task Time_queued_at_the_limiter_does_not_count_against_the_per_attempt_timeout()
    {
        // 6 RPM = one request per 10 s window; each attempt may take 300 ms, so the second call only succeeds if its
        // ~10 s in the limiter's queue is not part of its attempt.
        var options = Options.Create(new AiOptions { Deployments = { [Deployment] = new AiDeploymentOptions { RequestsPerMinute = 6 } } });
        using var limiters = new DeploymentRateLimiters(options);
        var factory = new AiResiliencePipelineFactory(
            new RetryPolicyOptions { PerAttemptTimeout = TimeSpan.FromMilliseconds(300), BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
            limiters: limiters);
        var pipeline = factory.GetPipeline(Deployment);
        var ct = TestContext.Current.CancellationToken;
        var attempts = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => pipeline.ExecuteAsync(async token =>
        {
            Interlocked.Increment(ref attempts);
            await Task.Delay(TimeSpan.FromMilliseconds(10), token);
            return i;
        }, ct).AsTask()));

        Assert.Equal([0, 1], results);
        Assert.Equal(2, attempts); // neither call timed out and was retried
        Assert.Equal(0, factory.Metrics.Retries(Deployment));
    }

    [Fact]
    public void A_deployment_without_a_limit_gets_no_limiter()
    {
        var options = Options.Create(new AiOptions { Deployments = { [Deployment] = new AiDeploymentOptions() } });
        using var limiters = new DeploymentRateLimiters(options);

        Assert.Null(limiters.For(Deployment));
        Assert.Null(limiters.For("not-configured"));
    }
}
