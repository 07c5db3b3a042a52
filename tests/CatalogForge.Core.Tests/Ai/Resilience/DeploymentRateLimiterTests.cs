using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.Time.Testing;

namespace CatalogForge.Core.Tests.Ai.Resilience;

public sealed class DeploymentRateLimiterTests
{
    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData(30, null, 5, null)]
    [InlineData(5, null, 1, null)] // Azure never grants fewer than one request per 10 s
    [InlineData(null, 10_000, 10, 10_000)] // 6 RPM per 1,000 TPM
    [InlineData(12, 10_000, 2, 10_000)]
    public void Limits_follow_Azures_rules(int? rpm, int? tpm, int? expectedPerWindow, int? expectedTpm)
    {
        var limits = DeploymentRateLimits.From(new AiDeploymentOptions { RequestsPerMinute = rpm, TokensPerMinute = tpm });

        Assert.Equal(expectedPerWindow, limits?.RequestsPerWindow);
        Assert.Equal(expectedTpm, limits?.TokensPerMinute);
    }

    [Fact]
    public async Task A_call_queued_behind_the_limit_stops_waiting_when_cancelled()
    {
        var limits = new DeploymentRateLimits(RequestsPerWindow: 1, TokensPerMinute: 1_000);
        using var limiter = new DeploymentRateLimiter(limits);
        using (var first = await limiter.AcquireAsync(100, TestContext.Current.CancellationToken))
        {
            Assert.True(first.IsAcquired);
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var queued = limiter.AcquireAsync(100, cancel.Token).AsTask();
        Assert.False(queued.IsCompleted); // the window's one request is used for the next ~10 s
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
    }

    [Fact]
    public async Task A_charge_above_the_whole_token_budget_is_capped_instead_of_never_admitted()
    {
        var limits = new DeploymentRateLimits(RequestsPerWindow: 5, TokensPerMinute: 1_000);
        using var limiter = new DeploymentRateLimiter(limits);

        using var lease = await limiter.AcquireAsync(50_000, TestContext.Current.CancellationToken);

        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public async Task A_rejected_call_gives_its_request_and_tokens_back_and_holds_the_deployment_for_the_servers_wait()
    {
        var time = new FakeTimeProvider();
        var limits = new DeploymentRateLimits(RequestsPerWindow: 2, TokensPerMinute: 1_000);
        using var limiter = new DeploymentRateLimiter(limits, time);
        var ct = TestContext.Current.CancellationToken;
        var refused = await limiter.AcquireAsync(600, ct);
        using var accepted = await limiter.AcquireAsync(100, ct);
        var next = limiter.AcquireAsync(600, ct).AsTask(); // neither a request nor 600 tokens are left
        Assert.False(next.IsCompleted);

        limiter.Rejected(refused, TimeSpan.FromMilliseconds(400));
        time.Advance(TimeSpan.FromMilliseconds(399));
        Assert.False(next.IsCompleted); // room again, but the server asked for 400 ms

        time.Advance(TimeSpan.FromMilliseconds(1));
        using var lease = await next.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.True(lease.IsAcquired);
    }

    [Theory]
    [InlineData(1, 1_000_000, 100, 10)] // requests are the tight limit: one per 10 s window
    [InlineData(100, 1_000, 1_000, 60)] // tokens are: each call charges the whole minute's budget
    public async Task Whichever_limit_is_tight_a_tenant_behind_anothers_backlog_gets_the_next_turn(
        int requestsPerWindow, int tokensPerMinute, int charge, int windowSeconds)
    {
        var time = new FakeTimeProvider();
        using var limiter = new DeploymentRateLimiter(new DeploymentRateLimits(requestsPerWindow, tokensPerMinute), time);
        var ct = TestContext.Current.CancellationToken;
        var backlog = Enumerable.Range(0, 5).Select(_ => limiter.AcquireAsync(charge, new AdmissionKey("a", JobPriority.High), ct).AsTask()).ToList();
        var other = limiter.AcquireAsync(charge, new AdmissionKey("b", JobPriority.Low), ct).AsTask();
        Assert.True(backlog[0].IsCompleted);
        Assert.Equal(5, limiter.Waiting);

        var window = TimeSpan.FromSeconds(windowSeconds) + TimeSpan.FromMilliseconds(1);

        time.Advance(window); // a's lane waited first: its turn
        await backlog[1].WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.False(other.IsCompleted);

        time.Advance(window); // then b's, however much more a has waiting
        await other.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.Equal(3, limiter.Waiting);
        Assert.All(backlog.Skip(2), call => Assert.False(call.IsCompleted));
    }
}
