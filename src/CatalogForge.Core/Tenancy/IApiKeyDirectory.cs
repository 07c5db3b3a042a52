namespace CatalogForge.Core.Tenancy;

/// <summary>
/// A tenant's API keys (table <c>ApiKeys</c>, one row per key under the SHA-256 of the key). Presented keys are found by
/// their hash only; the plain key exists only in <see cref="CreatedApiKey"/>.
/// </summary>
public interface IApiKeyDirectory
{
    /// <summary>A new active key for an existing tenant; null when there is no such tenant.</summary>
    Task<CreatedApiKey?> AddAsync(string tenantId, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>The tenant's keys, oldest first; empty for an unknown tenant.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Revokes the key (once; a second revoke keeps the first time); null when the tenant has no such key.</summary>
    Task<ApiKeyRecord?> RevokeAsync(string tenantId, string keyId, CancellationToken cancellationToken);

    /// <summary>The key stored under <paramref name="keyHash"/> (<see cref="ApiKeyHasher.Hash"/>) in any state, or null.</summary>
    Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>Sets the key's last-used time (one merge of one property; the caller decides how often).</summary>
    Task RecordUseAsync(string keyHash, DateTimeOffset usedAt, CancellationToken cancellationToken);
}
