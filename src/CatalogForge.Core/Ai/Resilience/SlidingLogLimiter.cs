namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// Exact sliding-log limits, the way Azure OpenAI and the emulator count: a grant of n permits at time t uses them until
/// t + window + margin, and a request is granted when the grants still in use leave room for it. One limiter may count
/// several logs at once (a deployment's requests per 10 s and tokens per minute): a request names its permits in each,
/// and is granted when every log has room, at one moment in all of them.
/// Waiters are admitted in the order of a <see cref="FairWaitQueue{T}"/>: tenants in turn, and within a tenant the most
/// urgent first. The waiter whose turn it is is never overtaken (a large request blocks smaller ones behind it until it
/// fits), and each wait honours its cancellation.
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
    private readonly Log[] _logs;
    private readonly FairWaitQueue<Waiter> _waiters = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _heldUntil;
    private bool _disposed;

    /// <summary>One log.</summary>
    /// <param name="permitLimit">Permits the window holds.</param>
    /// <param name="window">How long the server counts a request.</param>
    /// <param name="margin">Added to the window for the request's trip to the server (the server starts counting on arrival, this limiter on sending).</param>
    public SlidingLogLimiter(int permitLimit, TimeSpan window, TimeSpan margin, TimeProvider? timeProvider = null)
        : this([new SlidingLogLimit(permitLimit, window)], margin, timeProvider)
    {
    }

    /// <summary>Several logs, counted together: a request waits until each of them has room for its permits there.</summary>
    public SlidingLogLimiter(IReadOnlyList<SlidingLogLimit> limits, TimeSpan margin, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfZero(limits.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(margin, TimeSpan.Zero);
        _time = timeProvider ?? TimeProvider.System;
        _logs = [.. limits.Select((limit, index) =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit.PermitLimit, 1, nameof(limits));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit.Window, TimeSpan.Zero, nameof(limits));
            return new Log(index, limit.PermitLimit, limit.Window + margin, _time);
        })];
        _timer = _time.CreateTimer(_ => Pump(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Permits granted within the current window of the first log (for tests and diagnostics).</summary>
    public int InUse => InUseOf(0);

    /// <summary>Requests waiting for their turn (for tests and diagnostics).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>Permits granted within the current window of log <paramref name="log"/> (0-based, in the order of the limits).</summary>
    public int InUseOf(int log)
    {
        lock (_gate)
        {
            var counted = _logs[log];
            counted.Expire(_time.GetTimestamp());
            return counted.InUse;
        }
    }

    /// <summary>A single-log limiter's <see cref="AcquireAsync(ReadOnlySpan{int}, AdmissionKey, CancellationToken)"/> for system work.</summary>
    public ValueTask<Grant> AcquireAsync(int permits, CancellationToken cancellationToken) =>
        AcquireAsync([permits], AdmissionKey.System, cancellationToken);

    /// <summary>
    /// Waits for the turn of <paramref name="admission"/> and until <paramref name="permits"/> (one count per log, each
    /// capped at its log's limit, so any request is eventually granted) may be used now, and returns the grant (to
    /// <see cref="Refund"/> if the server refuses the request).
    /// </summary>
    public ValueTask<Grant> AcquireAsync(ReadOnlySpan<int> permits, AdmissionKey admission, CancellationToken cancellationToken)
    {
        if (permits.Length != _logs.Length)
        {
            throw new ArgumentException($"Expected permits for each of the {_logs.Length} logs, got {permits.Length}.", nameof(permits));
        }

        var charge = new int[permits.Length];
        for (var i = 0; i < charge.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(permits[i], nameof(permits));
            charge[i] = Math.Min(permits[i], _logs[i].PermitLimit);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        List<(Waiter, Grant)> admitted;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetTimestamp();
            Expire(now);
            if (_waiters.Count == 0 && CanGrant(charge, now))
            {
                return ValueTask.FromResult(Record(charge, now));
            }

            waiter = new Waiter(this, charge, cancellationToken);
            waiter.Entry = _waiters.Enqueue(admission, waiter);
            admitted = [];
            AdmitReady(now, admitted); // a tenant's more urgent request may now be the one whose turn it is, and fit
        }

        Complete(admitted);
        return cancellationToken.CanBeCanceled && !waiter.Completion.Task.IsCompleted
            ? WaitAsync(waiter, cancellationToken)
            : new ValueTask<Grant>(waiter.Completion.Task);
    }

    /// <summary>Takes back a grant the server refused: its permits were not used and are free again at once.</summary>
    public void Refund(Grant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        lock (_gate)
        {
            if (grant.Owner != this || grant.Refunded)
            {
                return;
            }

            var now = _time.GetTimestamp();
            Expire(now);
            foreach (var log in _logs)
            {
                log.Refund(grant, now);
            }

            grant.Refunded = true;
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
            abandoned = _waiters.RemoveAll();
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
        List<(Waiter, Grant)> admitted = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            AdmitReady(_time.GetTimestamp(), admitted);
        }

        Complete(admitted);
    }

    private void Cancel(Waiter waiter)
    {
        List<(Waiter, Grant)> admitted = [];
        lock (_gate)
        {
            var wasNext = _waiters.TryPeek(out var next) && next == waiter;
            if (!_waiters.Remove(waiter.Entry!))
            {
                return; // already granted or disposed
            }

            if (wasNext)
            {
                AdmitReady(_time.GetTimestamp(), admitted); // the next waiter may fit where the cancelled one did not
            }
        }

        waiter.Completion.TrySetCanceled(waiter.CancellationToken); // the caller's own token: the caller cancelled, nothing failed
        Complete(admitted);
    }

    /// <summary>
    /// Under the gate: grants waiters in their fair order while the one whose turn it is fits (it blocks all behind it
    /// until it does), then sets the timer for the moment it will. After this the timer's due time is never zero, so a
    /// timer that fires synchronously (a fake clock) does not re-enter.
    /// </summary>
    private void AdmitReady(long now, List<(Waiter, Grant)> admitted)
    {
        Expire(now);
        while (_waiters.TryPeek(out var next) && CanGrant(next.Permits, now))
        {
            _waiters.Dequeue();
            admitted.Add((next, Record(next.Permits, now)));
        }

        ScheduleWake(now);
    }

    /// <summary>Outside the gate (the continuations run asynchronously anyway), in the order granted.</summary>
    private static void Complete(List<(Waiter Waiter, Grant Grant)> admitted)
    {
        foreach (var (waiter, grant) in admitted)
        {
            waiter.Completion.TrySetResult(grant);
        }
    }

    private bool CanGrant(int[] permits, long now)
    {
        if (now < _heldUntil)
        {
            return false;
        }

        for (var i = 0; i < _logs.Length; i++)
        {
            if (!_logs[i].HasRoom(permits[i]))
            {
                return false;
            }
        }

        return true;
    }

    private Grant Record(int[] permits, long now)
    {
        var grant = new Grant(this, now, permits);
        foreach (var log in _logs)
        {
            log.Record(grant);
        }

        return grant;
    }

    private void Expire(long now)
    {
        foreach (var log in _logs)
        {
            log.Expire(now);
        }
    }

    /// <summary>Sets the timer for the moment enough grants expire, in every log, for the waiter whose turn it is; off when nobody waits.</summary>
    private void ScheduleWake(long now)
    {
        if (!_waiters.TryPeek(out var next))
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = now < _heldUntil ? _time.GetElapsedTime(now, _heldUntil) : TimeSpan.Zero;
        foreach (var log in _logs)
        {
            due = Max(due, log.TimeUntilRoom(next.Permits[log.Index], now));
        }

        _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;

    /// <summary>Permits granted at a moment, one count per log; a refunded grant keeps its place in the logs with no permits.</summary>
    public sealed class Grant
    {
        internal Grant(SlidingLogLimiter owner, long timestamp, int[] permits)
        {
            Owner = owner;
            Timestamp = timestamp;
            Permits = permits;
        }

        internal SlidingLogLimiter Owner { get; }

        internal long Timestamp { get; }

        internal int[] Permits { get; }

        internal bool Refunded { get; set; }
    }

    /// <summary>One exact log: the grants of the last window + margin that charged it. Not thread-safe; the limiter's gate guards it.</summary>
    private sealed class Log(int index, int permitLimit, TimeSpan span, TimeProvider time)
    {
        private readonly Queue<Grant> _grants = new();

        public int Index { get; } = index;

        public int PermitLimit { get; } = permitLimit;

        public int InUse { get; private set; }

        public bool HasRoom(int permits) => InUse + permits <= PermitLimit;

        public void Record(Grant grant)
        {
            var permits = grant.Permits[Index];
            if (permits > 0)
            {
                _grants.Enqueue(grant);
                InUse += permits;
            }
        }

        public void Expire(long now)
        {
            while (_grants.TryPeek(out var oldest) && time.GetElapsedTime(oldest.Timestamp, now) >= span)
            {
                InUse -= Charged(_grants.Dequeue());
            }
        }

        /// <summary>Frees a grant still in the log; an expired grant was subtracted when it left.</summary>
        public void Refund(Grant grant, long now)
        {
            if (time.GetElapsedTime(grant.Timestamp, now) < span)
            {
                InUse -= Charged(grant);
            }
        }

        /// <summary>How long until the grants still in use leave room for <paramref name="permits"/>: until enough of the oldest expire.</summary>
        public TimeSpan TimeUntilRoom(int permits, long now)
        {
            var inUse = InUse;
            foreach (var grant in _grants)
            {
                if (inUse + permits <= PermitLimit)
                {
                    break;
                }

                inUse -= Charged(grant);
                if (inUse + permits <= PermitLimit)
                {
                    return Max(TimeSpan.Zero, span - time.GetElapsedTime(grant.Timestamp, now));
                }
            }

            return TimeSpan.Zero; // room now (permits are capped at the limit, so the log always frees enough)
        }

        private int Charged(Grant grant) => grant.Refunded ? 0 : grant.Permits[Index];
    }

    private sealed class Waiter(SlidingLogLimiter owner, int[] permits, CancellationToken cancellationToken)
    {
        public SlidingLogLimiter Owner { get; } = owner;

        public int[] Permits { get; } = permits;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<Grant> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public FairWaitQueue<Waiter>.Entry? Entry { get; set; }
    }
}

/// <summary>One log of a <see cref="SlidingLogLimiter"/>: <paramref name="PermitLimit"/> permits per sliding <paramref name="Window"/>.</summary>
public readonly record struct SlidingLogLimit(int PermitLimit, TimeSpan Window);
