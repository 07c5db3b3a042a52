using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CatalogForge.Api.Tenancy;

/// <summary>
/// Writes a key's last-used time at most once per <see cref="ApiKeyOptions.LastUsedInterval"/> per process, in the
/// background: a request never waits for it, and a failed write is logged and tried again after the interval.
/// </summary>
public sealed partial class ApiKeyUseRecorder : IDisposable
{
    private readonly IApiKeyDirectory _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<ApiKeyUseRecorder> _logger;
    private readonly ApiKeyOptions _options;
    private readonly MemoryCache _recorded;

    public ApiKeyUseRecorder(IApiKeyDirectory keys, TimeProvider time, IOptions<ApiKeyOptions> options, ILogger<ApiKeyUseRecorder> logger)
    {
        _keys = keys;
        _time = time;
        _logger = logger;
        _options = options.Value;
        _recorded = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSize });
    }

    public void Used(string keyHash, ApiKeyRecord key)
    {
        if (_recorded.TryGetValue(keyHash, out _))
        {
            return;
        }

        _recorded.Set(keyHash, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _options.LastUsedInterval });
        _ = RecordAsync(keyHash, key, _time.GetUtcNow());
    }

    public void Dispose() => _recorded.Dispose();

    private async Task RecordAsync(string keyHash, ApiKeyRecord key, DateTimeOffset usedAt)
    {
        try
        {
            await _keys.RecordUseAsync(keyHash, usedAt, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogRecordFailed(_logger, exception, key.KeyId, key.TenantId);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Could not record the last use of API key {KeyId} of tenant {TenantId}; it is tried again after the interval")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string keyId, string tenantId);
}
