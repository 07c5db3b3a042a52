using CatalogForge.Core.Tenancy;

namespace CatalogForge.Api.Tenancy;

public enum KeyResolutionOutcome
{
    Resolved,
    Rejected,
    Throttled,
}

/// <summary>
/// What a presented key came to: its tenant, a rejection (<see cref="Key"/> is the revoked or expired key, null for an
/// unknown one), or a throttled client that must wait <see cref="RetryAfter"/>.
/// </summary>
public readonly record struct KeyResolution(KeyResolutionOutcome Outcome, ApiKeyRecord? Key, TimeSpan RetryAfter)
{
    public string? TenantId => Outcome == KeyResolutionOutcome.Resolved ? Key!.TenantId : null;
}

/// <summary>
/// Resolves an API key to its tenant, in either host. A key in use is served from <see cref="ApiKeyCache"/>; a client
/// over its failed-attempt limit (<see cref="FailedKeyThrottle"/>) is refused before any lookup; everything else is one
/// point read under the key's hash, remembered (known or not) for the next requests. Expiry is checked on every
/// request; a revocation takes effect when the cached lookup ends.
/// </summary>
public sealed class TenantResolver(
    IApiKeyDirectory keys, ApiKeyCache cache, FailedKeyThrottle throttle, ApiKeyUseRecorder uses, TimeProvider time)
{
    /// <summary>The client name used when the host cannot tell the caller's address.</summary>
    public const string UnknownClient = "unknown";

    public async ValueTask<KeyResolution> ResolveAsync(string apiKey, string client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        var now = time.GetUtcNow();
        var hash = ApiKeyHasher.IsPlausible(apiKey) ? ApiKeyHasher.Hash(apiKey) : null;
        ApiKeyRecord? key = null;
        var known = hash is not null && cache.TryGet(hash, out key);
        if (known && key?.StatusAt(now) == ApiKeyStatus.Active)
        {
            return Resolved(hash!, key);
        }

        if (throttle.RetryAfter(client) is { } wait)
        {
            return new KeyResolution(KeyResolutionOutcome.Throttled, null, wait);
        }

        if (hash is not null && !known)
        {
            key = await keys.FindByHashAsync(hash, cancellationToken);
            cache.Remember(hash, key, now);
            if (key?.StatusAt(now) == ApiKeyStatus.Active)
            {
                return Resolved(hash, key);
            }
        }

        throttle.RecordFailure(client);
        return new KeyResolution(KeyResolutionOutcome.Rejected, key, TimeSpan.Zero);
    }

    private KeyResolution Resolved(string hash, ApiKeyRecord key)
    {
        uses.Used(hash, key);
        return new KeyResolution(KeyResolutionOutcome.Resolved, key, TimeSpan.Zero);
    }
}
