namespace CatalogForge.AiEmulator.State;

/// <summary>The newest requests, oldest dropped first once full. Not thread-safe: the owner serialises access.</summary>
internal sealed class RequestLog(int capacity)
{
    private readonly Queue<RecordedRequest> _entries = new();

    public void Add(RecordedRequest request)
    {
        if (_entries.Count == capacity)
        {
            _entries.Dequeue();
        }

        _entries.Enqueue(request);
    }

    public void Clear() => _entries.Clear();

    public RecordedRequest[] ToArray() => _entries.ToArray();
}
