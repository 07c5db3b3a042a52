using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// The scheduling rule of <see cref="ActivityScheduler"/> as pure logic (not thread-safe; the scheduler locks it):
/// at most <c>globalCap</c> items run, at most <c>perKeyCap</c> of them per fairness key (tenant); the next item is
/// the highest priority's next one whose key is under its cap, taking keys in turn (round-robin) within a priority, so
/// a key with thousands of waiting items gets one turn, then every other waiting key gets one. Within a key and
/// priority the lowest <c>order</c> goes first, then the oldest: the scheduler passes the calling instance's start
/// sequence, so work of instances started earlier (their later steps) goes before the first steps of newer ones.
/// </summary>
/// <remarks>
/// Priorities are strict: low-priority work waits while high-priority work that may run is waiting. A key at its cap
/// keeps its place in the rotation and is skipped, so a slot it cannot use goes to another key (work-conserving).
/// </remarks>
internal sealed class FairDispatchQueue<T>(int globalCap, int perKeyCap)
{
    private static readonly JobPriority[] Levels = [JobPriority.High, JobPriority.Normal, JobPriority.Low];

    // Per priority: the keys with waiting items, in turn order; and each key's waiting items, oldest first.
    private readonly Dictionary<JobPriority, LinkedList<string>> _turns = Levels.ToDictionary(level => level, _ => new LinkedList<string>());
    private readonly Dictionary<(JobPriority, string), PriorityQueue<T, (long Order, long Arrival)>> _waiting = [];
    private readonly Dictionary<string, int> _runningPerKey = new(StringComparer.Ordinal);
    private long _arrivals;

    public int Running { get; private set; }

    public int Waiting { get; private set; }

    public int RunningFor(string key) => _runningPerKey.GetValueOrDefault(key);

    /// <param name="order">Lower goes first among the key's waiting items of this priority; ties go oldest first.</param>
    public void Enqueue(JobPriority priority, string key, T item, long order = 0)
    {
        if (!_waiting.TryGetValue((priority, key), out var queue))
        {
            _waiting[(priority, key)] = queue = new PriorityQueue<T, (long, long)>();
            _turns[priority].AddLast(key);
        }

        queue.Enqueue(item, (order, _arrivals++));
        Waiting++;
    }

    /// <summary>The next item allowed to run, counted as running under its key until <see cref="Complete"/>; false when none may start now.</summary>
    public bool TryStartNext(out T item, out string key)
    {
        if (Running < globalCap)
        {
            foreach (var level in Levels)
            {
                var turns = _turns[level];
                for (var node = turns.First; node is not null; node = node.Next)
                {
                    if (RunningFor(node.Value) >= perKeyCap)
                    {
                        continue;
                    }

                    key = node.Value;
                    var queue = _waiting[(level, key)];
                    item = queue.Dequeue();
                    turns.Remove(node);
                    if (queue.Count > 0)
                    {
                        turns.AddLast(key); // served: to the back of the line
                    }
                    else
                    {
                        _waiting.Remove((level, key));
                    }

                    Waiting--;
                    Running++;
                    _runningPerKey[key] = RunningFor(key) + 1;
                    return true;
                }
            }
        }

        item = default!;
        key = string.Empty;
        return false;
    }

    /// <summary>An item started under <paramref name="key"/> has finished: its slot is free.</summary>
    public void Complete(string key)
    {
        var running = RunningFor(key);
        if (running <= 0 || Running <= 0)
        {
            throw new InvalidOperationException($"Nothing is running under key '{key}'.");
        }

        Running--;
        if (running == 1)
        {
            _runningPerKey.Remove(key);
        }
        else
        {
            _runningPerKey[key] = running - 1;
        }
    }

    /// <summary>Removes and returns every waiting item (shutdown).</summary>
    public List<T> RemoveAllWaiting()
    {
        var all = _waiting.Values.SelectMany(queue => queue.UnorderedItems.Select(entry => entry.Element)).ToList();
        _waiting.Clear();
        foreach (var turns in _turns.Values)
        {
            turns.Clear();
        }

        Waiting = 0;
        return all;
    }
}
