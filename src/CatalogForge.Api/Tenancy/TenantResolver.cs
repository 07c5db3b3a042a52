using System.Security.Cryptography;
using System.Text;
using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CatalogForge.Api.Tenancy;

/// <summary>
/// Resolves an API key to its tenant through <see cref="ITenantDirectory"/>, keeping hits in memory for
/// <see cref="ApiOptions.ApiKeyCacheDuration"/>. The cache key is a SHA-256 hash of the API key, never the key.
/// Unknown keys are not cached, so a key created a moment ago works at once.
/// </summary>
public sealed class TenantResolver(ITenantDirectory directory, IMemoryCache cache, IOptions<ApiOptions> options)
{
    public async ValueTask<string?> ResolveAsync(string apiKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        var cacheKey = CacheKey(apiKey);
        if (cache.TryGetValue(cacheKey, out string? tenantId) && tenantId is not null)
        {
            return tenantId;
        }

        tenantId = await directory.ResolveAsync(apiKey, cancellationToken);
        var duration = options.Value.ApiKeyCacheDuration;
        if (tenantId is not null && duration > TimeSpan.Zero)
        {
            cache.Set(cacheKey, tenantId, duration);
        }

        return tenantId;
    }

    internal static string CacheKey(string apiKey) =>
        "tenancy:apikey:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
}
