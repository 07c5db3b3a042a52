using System.Diagnostics.CodeAnalysis;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// The order in which a limiter admits its waiters, as pure logic (not thread-safe; the limiter locks it). Every tenant
/// with waiters has a lane, and the lanes take turns: the lane at the front of the rotation gives up its next waiter and
/// goes to the back, so a tenant with a thousand waiting calls gets one admission, then every other waiting tenant gets
/// one. A lane's next waiter is its most urgent one (High, then Normal, then Low), oldest first within a priority. Calls
/// without a tenant (system work) share one lane of their own.
/// </summary>
/// <remarks>
/// Priority never crosses tenants: a tenant's flood of High calls takes one turn like another tenant's single Low call,
/// so no tenant can starve another by marking all its work urgent. A tenant that arrives while others wait joins the
/// rotation at the back; a lane whose last waiter leaves drops out of it.
/// </remarks>
internal sealed class FairWaitQueue<T>
{
    private const string SystemLane = "";

    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly LinkedList<Lane> _turns = new();

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="item"/> behind the waiters of its tenant and priority; the entry removes it again (<see cref="Remove"/>).</summary>
    public Entry Enqueue(AdmissionKey key, T item)
    {
        if (!Enum.IsDefined(key.Priority))
        {
            throw new ArgumentOutOfRangeException(nameof(key), key.Priority, "Unknown priority.");
        }

        var laneKey = string.IsNullOrEmpty(key.TenantId) ? SystemLane : key.TenantId;
        if (!_lanes.TryGetValue(laneKey, out var lane))
        {
            lane = new Lane(laneKey);
            _lanes.Add(laneKey, lane);
            lane.Turn = _turns.AddLast(lane);
        }

        var entry = new Entry(lane, item);
        entry.Node = lane.Enqueue(key.Priority, entry);
        Count++;
        return entry;
    }

    /// <summary>The waiter whose turn it is: the next one of the lane at the front of the rotation.</summary>
    public bool TryPeek([MaybeNullWhen(false)] out T item)
    {
        if (_turns.First is { Value: var lane })
        {
            item = lane.Next.Item;
            return true;
        }

        item = default;
        return false;
    }

    /// <summary>Removes the waiter whose turn it is; its lane goes to the back of the rotation.</summary>
    public T Dequeue()
    {
        var lane = _turns.First?.Value ?? throw new InvalidOperationException("Nobody is waiting.");
        var entry = lane.Next;
        Detach(entry);
        if (lane.Turn is { } turn)
        {
            _turns.Remove(turn);
            _turns.AddLast(turn); // served: to the back of the line
        }

        return entry.Item;
    }

    /// <summary>Removes a waiter that stopped waiting; its lane keeps its place in the rotation. False when it was no longer queued.</summary>
    public bool Remove(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Node is null)
        {
            return false;
        }

        Detach(entry);
        return true;
    }

    /// <summary>Removes and returns every waiter.</summary>
    public List<T> RemoveAll()
    {
        var all = new List<T>(Count);
        foreach (var entry in _turns.SelectMany(lane => lane.All()))
        {
            entry.Node = null;
            all.Add(entry.Item);
        }

        _turns.Clear();
        _lanes.Clear();
        Count = 0;
        return all;
    }

    /// <summary>Takes the entry out of its lane, and the lane out of the rotation once it has no waiters left.</summary>
    private void Detach(Entry entry)
    {
        var lane = entry.Lane;
        entry.Node!.List!.Remove(entry.Node);
        entry.Node = null;
        Count--;
        if (lane.IsEmpty)
        {
            _turns.Remove(lane.Turn!);
            lane.Turn = null;
            _lanes.Remove(lane.Key);
        }
    }

    /// <summary>One waiter in the queue; the handle to <see cref="Remove"/> it.</summary>
    internal sealed class Entry(Lane lane, T item)
    {
        public T Item { get; } = item;

        internal Lane Lane { get; } = lane;

        /// <summary>Its place in its lane; null once it left the queue.</summary>
        internal LinkedListNode<Entry>? Node { get; set; }
    }

    /// <summary>One tenant's waiters: one FIFO per priority, indexed by the <see cref="JobPriority"/> value (High first).</summary>
    internal sealed class Lane(string key)
    {
        private readonly LinkedList<Entry>[] _byPriority = [new(), new(), new()];

        public string Key { get; } = key;

        /// <summary>Its place in the rotation; null once it has no waiters.</summary>
        public LinkedListNode<Lane>? Turn { get; set; }

        public bool IsEmpty => _byPriority.All(queue => queue.Count == 0);

        /// <summary>The most urgent, oldest waiter (the lane is never empty while in the rotation).</summary>
        public Entry Next => _byPriority.First(queue => queue.Count > 0).First!.Value;

        public LinkedListNode<Entry> Enqueue(JobPriority priority, Entry entry) => _byPriority[(int)priority].AddLast(entry);

        public IEnumerable<Entry> All() => _byPriority.SelectMany(queue => queue);
    }
}
