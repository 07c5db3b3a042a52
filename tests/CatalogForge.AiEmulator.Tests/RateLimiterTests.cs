using CatalogForge.AiEmulator.Limits;
using CatalogForge.AiEmulator.Tests.Support;

namespace CatalogForge.AiEmulator.Tests;

public sealed class RateLimiterTests
{
    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void Tokens_free_up_when_the_charges_that_block_leave_the_60_second_window()
    {
        var limiter = new RateLimiter(tokensPerMinute: 100, requestsPerTenSeconds: 0, _clock);

        Assert.True(limiter.TryAcquire(40).Admitted);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.TryAcquire(40).Admitted);
        _clock.Advance(TimeSpan.FromSeconds(5));

        // 80 used; 50 more needs the first charge (t=0) to expire at t=60, 45 s from now.
        var rejected = limiter.TryAcquire(50);
        Assert.False(rejected.Admitted);
        Assert.Equal(RateLimitReason.Tokens, rejected.Reason);
        Assert.Equal(TimeSpan.FromSeconds(45), rejected.RetryAfter);
        Assert.Equal(20, rejected.RemainingTokens);

        _clock.Advance(TimeSpan.FromSeconds(44));
        Assert.False(limiter.TryAcquire(50).Admitted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var admitted = limiter.TryAcquire(50);
        Assert.True(admitted.Admitted);
        Assert.Equal(10, admitted.RemainingTokens);
    }

    [Fact]
    public void Retry_after_waits_for_as_many_old_charges_as_the_request_needs()
    {
        var limiter = new RateLimiter(tokensPerMinute: 90, requestsPerTenSeconds: 0, _clock);
        Assert.True(limiter.TryAcquire(30).Admitted);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.TryAcquire(30).Admitted);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.TryAcquire(30).Admitted);

        // Full; 60 tokens need both the t=0 and the t=10 charges gone: t=70, 50 s from now.
        Assert.Equal(TimeSpan.FromSeconds(50), limiter.TryAcquire(60).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(40), limiter.TryAcquire(30).RetryAfter);
    }

    [Fact]
    public void Requests_are_limited_per_sliding_10_second_window()
    {
        var limiter = new RateLimiter(tokensPerMinute: 0, requestsPerTenSeconds: 2, _clock);

        Assert.Equal(1, limiter.TryAcquire(1).RemainingRequests);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, limiter.TryAcquire(1).RemainingRequests);
        _clock.Advance(TimeSpan.FromSeconds(2));

        var rejected = limiter.TryAcquire(1);
        Assert.False(rejected.Admitted);
        Assert.Equal(RateLimitReason.Requests, rejected.Reason);
        Assert.Equal(TimeSpan.FromSeconds(5), rejected.RetryAfter);
        Assert.Null(rejected.RemainingTokens);

        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(limiter.TryAcquire(1).Admitted);
        Assert.False(limiter.TryAcquire(1).Admitted);
    }

    [Fact]
    public void Rejected_requests_consume_nothing()
    {
        var limiter = new RateLimiter(tokensPerMinute: 100, requestsPerTenSeconds: 0, _clock);
        Assert.True(limiter.TryAcquire(100).Admitted);
        for (var i = 0; i < 5; i++)
        {
            Assert.False(limiter.TryAcquire(10).Admitted);
        }

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(0, limiter.TryAcquire(100).RemainingTokens);
    }

    [Fact]
    public void A_charge_above_the_whole_budget_is_admitted_into_an_empty_window()
    {
        var limiter = new RateLimiter(tokensPerMinute: 100, requestsPerTenSeconds: 0, _clock);

        Assert.True(limiter.TryAcquire(5_000).Admitted);
        Assert.Equal(TimeSpan.FromSeconds(60), limiter.TryAcquire(1).RetryAfter);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1_000, 0, 1)]
    [InlineData(10_000, 0, 10)]
    [InlineData(240_000, 0, 240)]
    [InlineData(1_000, 120, 20)]
    [InlineData(0, 3, 1)]
    public void Request_budget_is_6_rpm_per_1000_tpm_checked_per_10_seconds(int tokensPerMinute, int requestsPerMinute, int expectedPerTenSeconds)
    {
        var settings = new DeploymentSettings { TokensPerMinute = tokensPerMinute, RequestsPerMinute = requestsPerMinute };

        Assert.Equal(expectedPerTenSeconds, RateLimiter.RequestsPerTenSecondsFor(settings));
    }

    [Fact]
    public void Unlimited_limiter_admits_everything_and_reports_no_remaining_counts()
    {
        var limiter = new RateLimiter(0, 0, _clock);

        var decisions = Enumerable.Range(0, 1000).Select(_ => limiter.TryAcquire(1_000_000)).ToList();

        Assert.All(decisions, decision => Assert.True(decision.Admitted));
        Assert.Null(decisions[^1].RemainingRequests);
        Assert.Null(decisions[^1].RemainingTokens);
    }
}
