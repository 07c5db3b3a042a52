using CatalogForge.Core.Ai.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace CatalogForge.Core.Tests.Ai.Resilience;

/// <summary>The limiter counts like Azure's sliding log: a grant is in use for exactly window + margin, no longer.</summary>
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

    [Fact]
    public async Task Waiters_are_served_in_arrival_order_and_a_large_request_is_not_overtaken()
    {
        using var limiter = new SlidingLogLimiter(10, Window, TimeSpan.Zero, _time);
        await limiter.AcquireAsync(6, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await limiter.AcquireAsync(4, CancellationToken.None);

        var large = limiter.AcquireAsync(8, CancellationToken.None).AsTask();
        var small = limiter.AcquireAsync(1, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(5)); // the 6 expire: 4 in use, room for 6, not for the 8 at the head
        Assert.False(large.IsCompleted);
        Assert.False(small.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(5)); // the 4 expire too
        await Task.WhenAll(large, small).WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(9, limiter.InUse);
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
}
