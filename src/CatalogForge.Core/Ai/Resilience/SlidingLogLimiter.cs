namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// An exact sliding-log limit, the way Azure OpenAI and the emulator count: a grant of n permits at time t uses them
/// until t + window + margin, and a request is granted when the grants still in use leave room for it. Waiters are
/// served strictly in arrival order (a large request is never overtaken), and each wait honours its cancellation.
/// What was sent stays counted, unless the server refused it (<see cref="Refund"/>: a rejected request uses no quota);
/// the server's own word on when it has room again holds every grant until then (<see cref="HoldFor"/>).
/// Thread-safe; all time comes from the <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// System.Threading.RateLimiting's sliding window frees permits at segment boundaries, up to a segment early, so it
/// has to lengthen the window by a whole segment to stay under an exact log; this limiter only needs the margin for
/// the request's trip to the server.
/// </remarks>
public sealed class SlidingLogLimiter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<Grant> _log = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _span;
    private readonly ITimer _timer;
    private int _inUse;
    private long _heldUntil;
    private bool _disposed;

    /// <param name="permitLimit">Permits the window holds.</param>
    /// <param name="window">How long the server counts a request.</param>
    /// <param name="margin">Added to the window for the request's trip to the server (the server starts counting on arrival, this limiter on sending).</param>
    public SlidingLogLimiter(int permitLimit, TimeSpan window, TimeSpan margin, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(margin, TimeSpan.Zero);
        PermitLimit = permitLimit;
        _span = window + margin;
        _time = timeProvider ?? TimeProvider.System;
        _timer = _time.CreateTimer(_ => Pump(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int PermitLimit { get; }

    /// <summary>Permits granted within the current window (for tests and diagnostics).</summary>
    public int InUse
    {
        get
        {
            lock (_gate)
            {
                Expire(_time.GetTimestamp());
                return _inUse;
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="permits"/> (capped at the limit, so any request is eventually granted) may be used
    /// now, and returns the grant (to <see cref="Refund"/> if the server refuses the request).
    /// </summary>
    public ValueTask<Grant> AcquireAsync(int permits, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        cancellationToken.ThrowIfCancellationRequested();
        permits = Math.Min(permits, PermitLimit);
        Waiter waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetTimestamp();
            Expire(now);
            if (_waiters.Count == 0 && CanGrant(permits, now))
            {
                return ValueTask.FromResult(Record(permits, now));
            }

            waiter = new Waiter(this, permits, cancellationToken);
            waiter.Node = _waiters.AddLast(waiter);
            ScheduleWake(now);
        }

        return cancellationToken.CanBeCanceled ? WaitAsync(waiter, cancellationToken) : new ValueTask<Grant>(waiter.Completion.Task);
    }

    /// <summary>Takes back a grant the server refused: its permits were not used and are free again at once.</summary>
    public void Refund(Grant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        lock (_gate)
        {
            if (grant.Owner != this || grant.Permits == 0)
            {
                return;
            }

            var now = _time.GetTimestamp();
            Expire(now);
            if (_time.GetElapsedTime(grant.Timestamp, now) < _span)
            {
                _inUse -= grant.Permits; // still in the log; an expired grant was subtracted when it left
            }

            grant.Permits = 0;
        }

        Pump();
    }

    /// <summary>Grants nothing for <paramref name="delay"/>: the server said when it has room again.</summary>
    public void HoldFor(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _heldUntil = Math.Max(_heldUntil, now + (long)(delay.TotalSeconds * _time.TimestampFrequency));
            ScheduleWake(now);
        }
    }

    public void Dispose()
    {
        List<Waiter> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _waiters];
            _waiters.Clear();
        }

        _timer.Dispose();
        foreach (var waiter in abandoned)
        {
            waiter.Completion.TrySetException(new ObjectDisposedException(nameof(SlidingLogLimiter)));
        }
    }

    private async ValueTask<Grant> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        await using var registration = cancellationToken.UnsafeRegister(static state => ((Waiter)state!).Owner.Cancel((Waiter)state), waiter);
        return await waiter.Completion.Task;
    }

    private void Pump()
    {
        List<(Waiter Waiter, Grant Grant)> granted = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            Expire(now);
            while (_waiters.First is { Value: var head } && CanGrant(head.Permits, now))
            {
                _waiters.RemoveFirst();
                head.Node = null;
                granted.Add((head, Record(head.Permits, now)));
            }

            ScheduleWake(now);
        }

        foreach (var (waiter, grant) in granted)
        {
            waiter.Completion.TrySetResult(grant);
        }
    }

    private void Cancel(Waiter waiter)
    {
        bool wasHead;
        lock (_gate)
        {
            if (waiter.Node is null)
            {
                return; // already granted or disposed
            }

            wasHead = _waiters.First == waiter.Node;
            _waiters.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Completion.TrySetCanceled(waiter.CancellationToken); // the caller's own token: the caller cancelled, nothing failed
        if (wasHead)
        {
            Pump(); // the next waiter may fit where the cancelled one did not
        }
    }

    private bool CanGrant(int permits, long now) => now >= _heldUntil && _inUse + permits <= PermitLimit;

    private Grant Record(int permits, long now)
    {
        var grant = new Grant(this, now, permits);
        _log.Enqueue(grant);
        _inUse += permits;
        return grant;
    }

    private void Expire(long now)
    {
        while (_log.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.Timestamp, now) >= _span)
        {
            _inUse -= _log.Dequeue().Permits;
        }
    }

    /// <summary>Sets the timer for the moment enough grants expire for the first waiter; off when nobody waits.</summary>
    private void ScheduleWake(long now)
    {
        if (_waiters.First is not { Value: var head })
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var hold = now < _heldUntil ? _time.GetElapsedTime(now, _heldUntil) : TimeSpan.Zero;
        var due = Max(hold, TimeUntilRoom(head.Permits, now));
        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How long until the grants still in use leave room for <paramref name="permits"/>: until enough of the oldest expire.</summary>
    private TimeSpan TimeUntilRoom(int permits, long now)
    {
        var inUse = _inUse;
        foreach (var grant in _log)
        {
            if (inUse + permits <= PermitLimit)
            {
                break;
            }

            inUse -= grant.Permits;
            if (inUse + permits <= PermitLimit)
            {
                return Max(TimeSpan.Zero, _span - _time.GetElapsedTime(grant.Timestamp, now));
            }
        }

        return TimeSpan.Zero; // room now (permits are capped at the limit, so the log always frees enough)
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;

    /// <summary>Permits granted at a moment; a refunded grant keeps its place in the log with no permits.</summary>
    public sealed class Grant
    {
        internal Grant(SlidingLogLimiter owner, long timestamp, int permits)
        {
            Owner = owner;
            Timestamp = timestamp;
            Permits = permits;
        }

        internal SlidingLogLimiter Owner { get; }

        internal long Timestamp { get; }

        internal int Permits { get; set; }
    }

    private sealed class Waiter(SlidingLogLimiter owner, int permits, CancellationToken cancellationToken)
    {
        public SlidingLogLimiter Owner { get; } = owner;

        public int Permits { get; } = permits;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<Grant> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
