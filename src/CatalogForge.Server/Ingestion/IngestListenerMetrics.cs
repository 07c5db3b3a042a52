using System.Collections.Concurrent;
using CatalogForge.Core.Domain;

namespace CatalogForge.Server.Ingestion;

/// <summary>
/// What the listener did, for logs, diagnostics and tests: polls, idle waits, lease renewals, outcomes, and the failures it
/// survived (failed polls and their waits, messages it could not settle, faults of its own loop).
/// </summary>
public sealed class IngestListenerMetrics
{
    private const int KeptDelays = 256;
    private readonly ConcurrentQueue<TimeSpan> _idleDelays = new();
    private readonly ConcurrentQueue<TimeSpan> _errorDelays = new();
    private long _emptyPolls;
    private long _received;
    private long _renewals;
    private long _accepted;
    private long _poisoned;
    private long _retried;
    private long _undecodable;
    private long _pollFailures;
    private long _settleFailures;
    private long _loopFaults;
    private int _lastFailureClass;

    public long EmptyPolls => Interlocked.Read(ref _emptyPolls);
    public long Received => Interlocked.Read(ref _received);
    public long Renewals => Interlocked.Read(ref _renewals);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Poisoned => Interlocked.Read(ref _poisoned);
    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>Messages poisoned because they were not Base64 or not UTF-8 text (also counted in <see cref="Poisoned"/>).</summary>
    public long Undecodable => Interlocked.Read(ref _undecodable);

    /// <summary>Receives that failed (storage unreachable, the queue missing, …); each is followed by an error wait.</summary>
    public long PollFailures => Interlocked.Read(ref _pollFailures);

    /// <summary>The class of the latest failure (<see cref="ErrorClass.None"/> until one happens).</summary>
    public ErrorClass LastFailureClass => (ErrorClass)Volatile.Read(ref _lastFailureClass);

    /// <summary>Messages whose delete, poison envelope or visibility update failed; they are delivered again.</summary>
    public long SettleFailures => Interlocked.Read(ref _settleFailures);

    /// <summary>Unexpected faults of the receive loop itself, after each of which it started over.</summary>
    public long LoopFaults => Interlocked.Read(ref _loopFaults);

    /// <summary>The waits after failed polls, oldest first (the last 256).</summary>
    public IReadOnlyList<TimeSpan> ErrorDelays => _errorDelays.ToArray();

    /// <summary>The waits after empty polls, oldest first (the last 256).</summary>
    public IReadOnlyList<TimeSpan> IdleDelays => _idleDelays.ToArray();

    internal void EmptyPoll(TimeSpan delay)
    {
        Interlocked.Increment(ref _emptyPolls);
        Keep(_idleDelays, delay);
    }

    internal void PollFailed(ErrorClass errorClass, TimeSpan delay)
    {
        Failed(errorClass);
        Interlocked.Increment(ref _pollFailures);
        Keep(_errorDelays, delay);
    }

    internal void SettleFailed(ErrorClass errorClass)
    {
        Failed(errorClass);
        Interlocked.Increment(ref _settleFailures);
    }

    internal void LoopFault(ErrorClass errorClass, TimeSpan delay)
    {
        Failed(errorClass);
        Interlocked.Increment(ref _loopFaults);
        Keep(_errorDelays, delay);
    }

    internal void UndecodableMessage() => Interlocked.Increment(ref _undecodable);

    internal void Receive(int count) => Interlocked.Add(ref _received, count);
    internal void Renewed() => Interlocked.Increment(ref _renewals);
    internal void Accept() => Interlocked.Increment(ref _accepted);
    internal void Poison() => Interlocked.Increment(ref _poisoned);
    internal void Retry() => Interlocked.Increment(ref _retried);

    private void Failed(ErrorClass errorClass) => Volatile.Write(ref _lastFailureClass, (int)errorClass);

    private static void Keep(ConcurrentQueue<TimeSpan> delays, TimeSpan delay)
    {
        delays.Enqueue(delay);
        while (delays.Count > KeptDelays && delays.TryDequeue(out _))
        {
        }
    }
}
