namespace CatalogForge.Core.Tenancy;

public sealed record CreatedTenant(string TenantId, string Name, string ApiKey);

/// <summary>
/// Tenants and their first API key. Keys are stored only as SHA-256 hashes; the plain key is shown once, at creation.
/// A tenant's further keys are in <see cref="IApiKeyDirectory"/>.
/// </summary>
public interface ITenantDirectory
{
    /// <summary>A new tenant with one active key named <see cref="ApiKeyRecord.DefaultKey"/>.</summary>
    Task<CreatedTenant> CreateAsync(string name, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>The tenant id for a presented key, or null for an unknown, revoked or expired key.</summary>
    Task<string?> ResolveAsync(string apiKey, CancellationToken cancellationToken);
}
