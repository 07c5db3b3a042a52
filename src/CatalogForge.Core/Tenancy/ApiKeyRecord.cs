namespace CatalogForge.Core.Tenancy;

public enum ApiKeyStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>One API key of a tenant, as stored: never the key, never its hash.</summary>
public sealed record ApiKeyRecord(
    string TenantId,
    string KeyId,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    /// <summary>Key id and name of the one key per tenant that rows written before named keys stand for.</summary>
    public const string DefaultKey = "default";

    public ApiKeyStatus StatusAt(DateTimeOffset now) =>
        RevokedAt is not null ? ApiKeyStatus.Revoked
        : ExpiresAt is { } expiresAt && expiresAt <= now ? ApiKeyStatus.Expired
        : ApiKeyStatus.Active;
}

/// <summary>A key just added: <see cref="ApiKey"/> is the plain key, shown once.</summary>
public sealed record CreatedApiKey(ApiKeyRecord Key, string ApiKey);
