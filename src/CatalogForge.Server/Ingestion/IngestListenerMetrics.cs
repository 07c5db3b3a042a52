using System.Collections.Concurrent;

namespace CatalogForge.Server.Ingestion;

/// <summary>What the listener did, for logs, diagnostics and tests: polls, idle waits, lease renewals and outcomes.</summary>
public sealed class IngestListenerMetrics
{
    private const int KeptDelays = 256;
    private readonly ConcurrentQueue<TimeSpan> _idleDelays = new();
    private long _emptyPolls;
    private long _received;
    private long _renewals;
    private long _accepted;
    private long _poisoned;
    private long _retried;

    public long EmptyPolls => Interlocked.Read(ref _emptyPolls);
    public long Received => Interlocked.Read(ref _received);
    public long Renewals => Interlocked.Read(ref _renewals);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Poisoned => Interlocked.Read(ref _poisoned);
    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>The waits after empty polls, oldest first (the last 256).</summary>
    public IReadOnlyList<TimeSpan> IdleDelays => _idleDelays.ToArray();

    internal void EmptyPoll(TimeSpan delay)
    {
        Interlocked.Increment(ref _emptyPolls);
        _idleDelays.Enqueue(delay);
        while (_idleDelays.Count > KeptDelays && _idleDelays.TryDequeue(out _))
        {
        }
    }

    internal void Receive(int count) => Interlocked.Add(ref _received, count);
    internal void Renewed() => Interlocked.Increment(ref _renewals);
    internal void Accept() => Interlocked.Increment(ref _accepted);
    internal void Poison() => Interlocked.Increment(ref _poisoned);
    internal void Retry() => Interlocked.Increment(ref _retried);
}
