namespace CatalogForge.Core.Tenancy;

public sealed record CreatedTenant(string TenantId, string Name, string ApiKey);

/// <summary>Tenants and their API keys. Keys are stored only as SHA-256 hashes; the plain key is shown once, at creation.</summary>
public interface ITenantDirectory
{
    Task<CreatedTenant> CreateAsync(string name, CancellationToken cancellationToken);

    /// <summary>The tenant id for a presented key, or null for an unknown key.</summary>
    Task<string?> ResolveAsync(string apiKey, CancellationToken cancellationToken);
}
