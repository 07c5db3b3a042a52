using System.Collections.Concurrent;

namespace CatalogForge.AiEmulator.Images;

/// <summary>Keeps the newest images for response_format "url", so the returned URLs can be fetched.</summary>
internal sealed class GeneratedImageStore
{
    private const int Capacity = 64;

    private readonly ConcurrentDictionary<string, byte[]> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public string Add(byte[] png)
    {
        var id = Guid.NewGuid().ToString("N");
        _images[id] = png;
        _order.Enqueue(id);
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _images.TryRemove(oldest, out _);
        }

        return id;
    }

    public bool TryGet(string id, out byte[] png) => _images.TryGetValue(id, out png!);
}
