using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CatalogForge.Api.Tenancy;

/// <summary>
/// Key lookups remembered in memory under the key's hash (never the key): an active key for
/// <see cref="ApiKeyOptions.CacheDuration"/>, an unknown, revoked or expired one for
/// <see cref="ApiKeyOptions.UnknownKeyCacheDuration"/>. Holds at most <see cref="ApiKeyOptions.CacheSize"/> entries;
/// bad keys go first when it is compacted, so a flood of them cannot push out the keys in use.
/// </summary>
public sealed class ApiKeyCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly ApiKeyOptions _options;

    public ApiKeyCache(IOptions<ApiKeyOptions> options)
    {
        _options = options.Value;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSize });
    }

    /// <summary>True when the hash was looked up recently; <paramref name="key"/> is then what storage had (null: no such key).</summary>
    public bool TryGet(string keyHash, out ApiKeyRecord? key)
    {
        if (_cache.TryGetValue(keyHash, out Lookup? lookup) && lookup is not null)
        {
            key = lookup.Key;
            return true;
        }

        key = null;
        return false;
    }

    public void Remember(string keyHash, ApiKeyRecord? key, DateTimeOffset now)
    {
        var active = key?.StatusAt(now) == ApiKeyStatus.Active;
        var duration = active ? _options.CacheDuration : _options.UnknownKeyCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        _cache.Set(keyHash, new Lookup(key), new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = duration,
            Priority = active ? CacheItemPriority.Normal : CacheItemPriority.Low,
        });
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Lookup(ApiKeyRecord? Key);
}
