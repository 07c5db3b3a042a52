using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.Time.Testing;

namespace CatalogForge.Core.Tests.Ai.Resilience;

/// <summary>
/// The limiter counts like Azure's sliding log: a grant is in use for exactly window + margin, no longer. Waiters go in
/// the fair order: tenants in turn, each tenant's most urgent first, and the one whose turn it is is never overtaken.
/// </summary>
public sealed class SlidingLogLimiterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task The_full_limit_goes_at_once_and_the_next_request_waits_for_the_oldest_grant_plus_the_margin()
    {
        using var limiter = new SlidingLogLimiter(3, Window, Margin, _time);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.AcquireAsync(1, CancellationToken.None).IsCompletedSuccessfully);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var fourth = limiter.AcquireAsync(1, CancellationToken.None).AsTask();
        _time.Advance(Window + Margin - TimeSpan.FromSeconds(3) - TimeSpan.FromMilliseconds(1));
        Assert.False(fourth.IsCompleted); // 1 ms before the first grant expires

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await fourth.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(3, limiter.InUse); // the second and third grants plus the fourth
    }

    [Theory]
    [InlineData(null, null)] // system work, one lane: arrival order
    [InlineData("a", "b")] // two tenants: a's lane waited first, so it is a's turn
    public async Task The_large_waiter_whose_turn_it_is_is_not_overtaken_by_a_smaller_one_behind_it(string? largeTenant, string? smallTenant)
    {
        using var limiter = new SlidingLogLimiter(10, Window, TimeSpan.Zero, _time);
        await limiter.AcquireAsync(6, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await limiter.AcquireAsync(4, CancellationToken.None);

        var large = limiter.AcquireAsync([8], new AdmissionKey(largeTenant), CancellationToken.None).AsTask();
        var small = limiter.AcquireAsync([1], new AdmissionKey(smallTenant), CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(5)); // the 6 expire: 4 in use, room for 6, not for the 8 whose turn it is
        Assert.False(large.IsCompleted);
        Assert.False(small.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(5)); // the 4 expire too
        await Task.WhenAll(large, small).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(9, limiter.InUse);
    }

    [Fact]
    public async Task Within_a_tenant_high_goes_before_normal_before_low_and_each_priority_in_arrival_order()
    {
        using var limiter = FullSinglePermitLimiter();
        var waiting = Enqueue(limiter,
            ("low-1", "a", JobPriority.Low), ("normal-1", "a", JobPriority.Normal), ("high-1", "a", JobPriority.High),
            ("normal-2", "a", JobPriority.Normal), ("high-2", "a", JobPriority.High), ("low-2", "a", JobPriority.Low));

        Assert.Equal(["high-1", "high-2", "normal-1", "normal-2", "low-1", "low-2"], await AdmitOneAWindowAsync(waiting));
    }

    [Fact]
    public async Task Tenants_with_waiters_take_turns_and_system_work_has_a_lane_of_its_own()
    {
        using var limiter = FullSinglePermitLimiter();
        var waiting = Enqueue(limiter,
            ("a-1", "a", JobPriority.Normal), ("a-2", "a", JobPriority.Normal), ("a-3", "a", JobPriority.Normal),
            ("b-1", "b", JobPriority.Normal), ("system-1", null, JobPriority.Normal), ("b-2", "b", JobPriority.Normal),
            ("system-2", null, JobPriority.Normal));

        Assert.Equal(["a-1", "b-1", "system-1", "a-2", "b-2", "system-2", "a-3"], await AdmitOneAWindowAsync(waiting));
    }

    [Fact]
    public async Task A_flood_of_high_priority_calls_from_one_tenant_does_not_starve_another_tenants_low_priority_calls()
    {
        using var limiter = FullSinglePermitLimiter();
        var flood = Enumerable.Range(1, 20).Select(i => ($"a-high-{i}", (string?)"a", JobPriority.High));
        var waiting = Enqueue(limiter, [.. flood, ("b-low-1", "b", JobPriority.Low), ("b-low-2", "b", JobPriority.Low)]);

        var order = await AdmitOneAWindowAsync(waiting);

        Assert.Equal(["a-high-1", "b-low-1", "a-high-2", "b-low-2", "a-high-3"], order.Take(5));
        Assert.Equal(22, order.Count);
    }

    [Fact]
    public async Task A_waiter_cancelled_in_the_middle_of_the_queue_is_skipped_and_the_others_keep_their_order()
    {
        using var limiter = FullSinglePermitLimiter();
        using var cancel = new CancellationTokenSource();
        var waiting = Enqueue(limiter, ("a-1", "a", JobPriority.Normal));
        var cancelled = limiter.AcquireAsync([1], new AdmissionKey("a"), cancel.Token).AsTask();
        foreach (var (label, task) in Enqueue(limiter, ("a-3", "a", JobPriority.Normal), ("b-1", "b", JobPriority.Normal)))
        {
            waiting.Add(label, task);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(3, limiter.Waiting);
        Assert.Equal(["a-1", "b-1", "a-3"], await AdmitOneAWindowAsync(waiting));
    }

    [Fact]
    public async Task A_request_counted_in_two_logs_waits_until_both_have_room_and_is_counted_in_both_at_once()
    {
        using var limiter = new SlidingLogLimiter(
            [new SlidingLogLimit(2, TimeSpan.FromSeconds(10)), new SlidingLogLimit(100, TimeSpan.FromSeconds(60))], TimeSpan.Zero, _time);
        var ct = TestContext.Current.CancellationToken;
        await limiter.AcquireAsync([1, 90], AdmissionKey.System, ct);
        var next = limiter.AcquireAsync([1, 20], AdmissionKey.System, ct).AsTask(); // a request is left, tokens are not

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(next.IsCompleted);
        Assert.Equal((0, 90), (limiter.InUseOf(0), limiter.InUseOf(1)));

        _time.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.Equal((1, 20), (limiter.InUseOf(0), limiter.InUseOf(1)));
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_lets_the_next_one_through()
    {
        using var limiter = new SlidingLogLimiter(2, Window, TimeSpan.Zero, _time);
        await limiter.AcquireAsync(1, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var blocked = limiter.AcquireAsync(2, cancel.Token).AsTask(); // needs the whole window
        var next = limiter.AcquireAsync(1, CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);

        await cancel.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        Assert.Equal(cancel.Token, cancelled.CancellationToken); // the caller's cancellation, not a failure of the limiter
        await next.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(2, limiter.InUse);
    }

    [Fact]
    public async Task A_request_above_the_limit_is_capped_and_goes_once_the_window_is_empty()
    {
        using var limiter = new SlidingLogLimiter(5, Window, TimeSpan.Zero, _time);
        await limiter.AcquireAsync(1, CancellationToken.None);

        var huge = limiter.AcquireAsync(50, CancellationToken.None).AsTask();
        Assert.False(huge.IsCompleted);
        _time.Advance(Window);

        await huge.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(5, limiter.InUse);
    }

    [Fact]
    public async Task Over_a_long_run_it_admits_exactly_the_limit_per_window()
    {
        using var limiter = new SlidingLogLimiter(6, Window, TimeSpan.Zero, _time);
        var waiters = Enumerable.Range(0, 36).Select(_ => limiter.AcquireAsync(1, CancellationToken.None).AsTask()).ToList();

        var grantedPerWindow = new List<int> { waiters.Count(w => w.IsCompleted) };
        for (var window = 0; window < 5; window++)
        {
            var before = waiters.Count(w => w.IsCompleted);
            _time.Advance(Window);
            await Task.WhenAll(waiters.Take(before + 6)).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            grantedPerWindow.Add(waiters.Count(w => w.IsCompleted) - before);
        }

        Assert.Equal([6, 6, 6, 6, 6, 6], grantedPerWindow);
    }

    [Fact]
    public async Task A_refunded_grant_frees_its_permits_at_once_and_a_hold_delays_every_grant()
    {
        using var limiter = new SlidingLogLimiter(2, Window, Margin, _time);
        var refused = await limiter.AcquireAsync(1, CancellationToken.None);
        await limiter.AcquireAsync(1, CancellationToken.None);
        var waiting = limiter.AcquireAsync(1, CancellationToken.None).AsTask();

        limiter.HoldFor(TimeSpan.FromMilliseconds(300)); // the server's retry-after
        limiter.Refund(refused);
        Assert.Equal(1, limiter.InUse);
        Assert.False(waiting.IsCompleted); // room, but held

        _time.Advance(TimeSpan.FromMilliseconds(300));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(2, limiter.InUse);

        limiter.Refund(refused); // twice changes nothing
        Assert.Equal(2, limiter.InUse);
    }

    [Fact]
    public async Task Refunding_a_grant_that_already_expired_does_not_free_permits_twice()
    {
        using var limiter = new SlidingLogLimiter(1, Window, TimeSpan.Zero, _time);
        var old = await limiter.AcquireAsync(1, CancellationToken.None);
        _time.Advance(Window);
        await limiter.AcquireAsync(1, CancellationToken.None);

        limiter.Refund(old);

        Assert.Equal(1, limiter.InUse);
        Assert.False(limiter.AcquireAsync(1, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Disposing_fails_the_waiters_instead_of_leaving_them_hanging()
    {
        var limiter = new SlidingLogLimiter(1, Window, TimeSpan.Zero, _time);
        await limiter.AcquireAsync(1, CancellationToken.None);
        var waiting = limiter.AcquireAsync(1, CancellationToken.None).AsTask();

        limiter.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
    }

    /// <summary>One permit per 10 s, in use: every waiter waits, and each further window admits exactly one.</summary>
    private SlidingLogLimiter FullSinglePermitLimiter()
    {
        var limiter = new SlidingLogLimiter(1, Window, TimeSpan.Zero, _time);
        Assert.True(limiter.AcquireAsync(1, CancellationToken.None).IsCompletedSuccessfully);
        return limiter;
    }

    private static Dictionary<string, Task> Enqueue(SlidingLogLimiter limiter, params (string Label, string? Tenant, JobPriority Priority)[] calls) =>
        calls.ToDictionary(
            call => call.Label,
            call => (Task)limiter.AcquireAsync([1], new AdmissionKey(call.Tenant, call.Priority), CancellationToken.None).AsTask());

    /// <summary>Moves the clock a window at a time (each frees the one permit) and lists the waiters in the order admitted.</summary>
    private async Task<List<string>> AdmitOneAWindowAsync(Dictionary<string, Task> waiting)
    {
        Assert.All(waiting.Values, task => Assert.False(task.IsCompleted));
        var pending = waiting.ToDictionary(pair => pair.Value, pair => pair.Key);
        var order = new List<string>();
        while (pending.Count > 0)
        {
            _time.Advance(Window);
            var admitted = await Task.WhenAny(pending.Keys).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
            await admitted;
            order.Add(pending[admitted]);
            pending.Remove(admitted);
            Assert.DoesNotContain(pending.Keys, task => task.IsCompleted); // one permit, one admission
        }

        return order;
    }
}
