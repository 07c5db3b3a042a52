using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Ai.Resilience;

/// <summary>The slowdown the quota headers cause, as pure logic on a hand-moved clock.</summary>
public sealed class RateLimitHeaderStateTests
{
    // 30 RPM = 5 requests per 10 s: one every 2 s at the sustainable pace; 10,000 TPM: 2,000 tokens take 12 s.
    private static readonly DeploymentRateLimits Limits = new(RequestsPerWindow: 5, TokensPerMinute: 10_000);

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Calls_go_at_once_while_no_response_reported_exhaustion()
    {
        var state = new RateLimitHeaderState(Limits, _time);

        Assert.Equal(TimeSpan.Zero, state.Reserve(500));
        state.Observe(remainingRequests: 3, remainingTokens: 9_000);

        Assert.False(state.IsSlowedDown);
        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal(TimeSpan.Zero, state.Reserve(500)));
    }

    [Fact]
    public void No_remaining_requests_spaces_the_next_calls_at_the_configured_pace()
    {
        var state = new RateLimitHeaderState(Limits, _time);

        state.Observe(remainingRequests: 0, remainingTokens: 9_000);

        Assert.True(state.IsSlowedDown);
        Assert.Equal(TimeSpan.FromSeconds(2), state.Reserve(100));
        Assert.Equal(TimeSpan.FromSeconds(4), state.Reserve(100));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), state.Reserve(100)); // its slot is 6 s after the report
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, state.Reserve(100)); // slots in the past are not owed
    }

    [Fact]
    public void A_shortage_the_own_limiter_explains_adds_no_slowdown()
    {
        var own = new RateLimitHeaderState.OwnUsage(Requests: 5, Tokens: 9_500); // this process filled the window itself
        var state = new RateLimitHeaderState(Limits, _time, () => own);
        state.Reserve(1_000);

        state.Observe(remainingRequests: 0, remainingTokens: 500);

        Assert.False(state.IsSlowedDown); // the own limiter already waits for both
        Assert.Equal(TimeSpan.Zero, state.Reserve(100));
    }

    [Fact]
    public void A_shortage_beyond_the_own_use_means_another_client_shares_the_quota_and_slows_down()
    {
        var state = new RateLimitHeaderState(Limits, _time, () => new RateLimitHeaderState.OwnUsage(Requests: 2, Tokens: 1_000));

        state.Observe(remainingRequests: 0, remainingTokens: 9_000);

        Assert.True(state.IsSlowedDown);
        Assert.Equal(TimeSpan.FromSeconds(2), state.Reserve(100));
    }

    [Fact]
    public void Fewer_remaining_tokens_than_a_call_charges_waits_for_the_deficit_then_paces_by_tokens()
    {
        var state = new RateLimitHeaderState(Limits, _time);
        Assert.Equal(TimeSpan.Zero, state.Reserve(2_000));

        state.Observe(remainingRequests: 4, remainingTokens: 1_500);

        Assert.True(state.IsSlowedDown);
        Assert.Equal(TimeSpan.FromSeconds(3), state.Reserve(2_000)); // 500 missing tokens free in 3 s at 10,000 TPM
        Assert.Equal(TimeSpan.FromSeconds(15), state.Reserve(2_000)); // then one 2,000-token call per 12 s
    }

    [Fact]
    public void A_response_that_shows_room_again_ends_the_slowdown()
    {
        var state = new RateLimitHeaderState(Limits, _time);
        state.Observe(remainingRequests: 0, remainingTokens: null);
        Assert.True(state.Reserve(100) > TimeSpan.Zero);

        state.Observe(remainingRequests: 2, remainingTokens: null);

        Assert.False(state.IsSlowedDown);
        Assert.Equal(TimeSpan.Zero, state.Reserve(100));
    }

    [Fact]
    public void Another_exhausted_report_never_brings_booked_slots_forward()
    {
        var state = new RateLimitHeaderState(Limits, _time);
        state.Observe(remainingRequests: 0, remainingTokens: null);
        Assert.Equal(TimeSpan.FromSeconds(2), state.Reserve(100));
        Assert.Equal(TimeSpan.FromSeconds(4), state.Reserve(100));

        _time.Advance(TimeSpan.FromSeconds(1));
        state.Observe(remainingRequests: 0, remainingTokens: null);

        Assert.Equal(TimeSpan.FromSeconds(5), state.Reserve(100)); // the next free slot (6 s), not 1 s + 2 s
    }

    [Fact]
    public void A_report_long_after_the_last_slot_waits_one_interval_from_the_report()
    {
        var state = new RateLimitHeaderState(Limits, _time);
        state.Observe(remainingRequests: 0, remainingTokens: null);
        state.Reserve(100);
        _time.Advance(TimeSpan.FromMinutes(1));

        state.Observe(remainingRequests: 0, remainingTokens: null);

        Assert.Equal(TimeSpan.FromSeconds(2), state.Reserve(100));
    }
}
