namespace CatalogForge.Core.Storage.Entities;

/// <summary>Table <c>Tenants</c>: PartitionKey = tenantId, RowKey = "tenant".</summary>
public sealed class TenantEntity : TableEntityBase
{
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Table <c>ApiKeys</c>: PartitionKey = SHA-256 of the key (hex), RowKey = "key". The key itself is never stored.
/// Rows written before keys had ids and names have only <see cref="TenantId"/> and <see cref="CreatedAt"/>.
/// </summary>
public sealed class ApiKeyEntity : TableEntityBase
{
    public string TenantId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string? KeyId { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>Table <c>JobIdempotency</c>: PartitionKey = tenantId, RowKey = SHA-256 of the idempotency key.</summary>
public sealed class JobIdempotencyEntity : TableEntityBase
{
    public string JobId { get; set; } = "";

    /// <summary>SHA-256 of the claiming request's validated content (hex); null for claims without one (queue ingestion, older rows).</summary>
    public string? BodyHash { get; set; }
}
