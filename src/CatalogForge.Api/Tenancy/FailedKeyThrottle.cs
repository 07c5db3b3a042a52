using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CatalogForge.Api.Tenancy;

/// <summary>
/// Counts failed key attempts per client (its address) in a fixed window that opens at the client's first failure. A
/// client with <see cref="ApiKeyOptions.FailedAttemptLimit"/> failures in its window is refused until the window ends,
/// before any lookup. Tracks at most <see cref="ApiKeyOptions.CacheSize"/> clients.
/// </summary>
public sealed class FailedKeyThrottle : IDisposable
{
    private readonly MemoryCache _clients;
    private readonly ApiKeyOptions _options;
    private readonly TimeProvider _time;

    public FailedKeyThrottle(IOptions<ApiKeyOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _clients = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSize });
    }

    /// <summary>How long the client must wait, or null when it may try a key.</summary>
    public TimeSpan? RetryAfter(string client)
    {
        if (!_clients.TryGetValue(client, out Window? window) || window is null || window.Failures < _options.FailedAttemptLimit)
        {
            return null;
        }

        var remaining = window.EndsAt - _time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : null;
    }

    public void RecordFailure(string client)
    {
        var now = _time.GetUtcNow();
        if (!_clients.TryGetValue(client, out Window? window) || window is null || window.EndsAt <= now)
        {
            // Two first failures at once may each open a window; one of their counts is lost, which only errs toward the client.
            window = new Window(now + _options.FailedAttemptWindow);
            _clients.Set(client, window, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _options.FailedAttemptWindow });
        }

        Interlocked.Increment(ref window.Failures);
    }

    public void Dispose() => _clients.Dispose();

    private sealed class Window(DateTimeOffset endsAt)
    {
        public int Failures;

        public DateTimeOffset EndsAt { get; } = endsAt;
    }
}
