using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Ingestion.Signing;

public sealed record CreatedIngestKey(string TenantId, string KeyId, string Secret);

public sealed record IngestKeyView(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string SecretStore);

/// <summary>
/// A tenant's ingest signing keys: several at once, so a key is rotated with an overlap (add the new one, switch the
/// senders, revoke the old one). The secret is shown once, at <see cref="AddAsync"/>, and kept by <see cref="IIngestSecretStore"/>.
/// </summary>
public sealed partial class IngestKeyStore(CatalogTables tables, IIngestSecretStore secrets, TimeProvider time, ILogger<IngestKeyStore> logger)
{
    public const int MaxKeyIdLength = 32;

    /// <summary>Lower-case letters, digits and inner dashes: safe in a table key and a Key Vault secret name.</summary>
    public static bool IsKeyId(string keyId) => KeyIdPattern().IsMatch(keyId);

    /// <exception cref="ArgumentException">An unknown tenant, a malformed key id, or a key id the tenant has already used.</exception>
    public async Task<CreatedIngestKey> AddAsync(string tenantId, string? keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        keyId ??= $"k{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        if (!IsKeyId(keyId))
        {
            throw new ArgumentException($"A key id is 1 to {MaxKeyIdLength} lower-case letters, digits and inner dashes (got '{keyId}').", nameof(keyId));
        }

        var tenant = await tables.Tenants.GetEntityIfExistsAsync<TenantEntity>(tenantId, "tenant", cancellationToken: cancellationToken);
        if (!tenant.HasValue)
        {
            throw new ArgumentException($"Unknown tenant '{tenantId}'.", nameof(tenantId));
        }

        if (await FindAsync(tenantId, keyId, cancellationToken) is not null)
        {
            throw new ArgumentException($"Tenant '{tenantId}' already has a key '{keyId}' (revoked keys keep their id); choose another id.", nameof(keyId));
        }

        var secret = NewSecret();
        var row = new IngestKeyEntity
        {
            PartitionKey = tenantId,
            RowKey = IngestKeyEntity.RowKeyFor(keyId),
            KeyId = keyId,
            CreatedAt = now,
            SecretStore = secrets.StoreName,
        };
        await secrets.SaveAsync(row, secret, cancellationToken);
        try
        {
            await tables.Tenants.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new ArgumentException($"Tenant '{tenantId}' already has a key '{keyId}'; choose another id.", nameof(keyId), ex);
        }

        logger.LogInformation("Ingest signing key {KeyId} added for tenant {TenantId} ({Store})", keyId, tenantId, secrets.StoreName);
        return new CreatedIngestKey(tenantId, keyId, secret);
    }

    public async Task<IReadOnlyList<IngestKeyView>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey ge {IngestKeyEntity.RowKeyPrefix} and RowKey lt {IngestKeyEntity.RowKeyPrefix[..^1] + "}"}");
        var keys = new List<IngestKeyView>();
        await foreach (var row in tables.Tenants.QueryAsync<IngestKeyEntity>(filter, cancellationToken: cancellationToken))
        {
            keys.Add(new IngestKeyView(row.KeyId, row.CreatedAt, row.RevokedAt, row.SecretStore));
        }

        return keys;
    }

    /// <summary>False when the tenant has no such key; revoking a revoked key changes nothing.</summary>
    public async Task<bool> RevokeAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, keyId, cancellationToken) is not { } row)
        {
            return false;
        }

        if (row.RevokedAt is null || row.Secret is not null)
        {
            // The row first: from here on no message signed with the key is accepted, whatever the store does next.
            row.RevokedAt ??= time.GetUtcNow();
            row.Secret = null;
            await tables.Tenants.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            logger.LogInformation("Ingest signing key {KeyId} of tenant {TenantId} revoked", keyId, tenantId);
        }

        if (row.SecretStore == secrets.StoreName)
        {
            await secrets.RevokeAsync(row, cancellationToken);
        }

        return true;
    }

    public async Task<IngestKeyEntity?> FindAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        if (!IsKeyId(keyId))
        {
            return null;
        }

        var row = await tables.Tenants.GetEntityIfExistsAsync<IngestKeyEntity>(tenantId, IngestKeyEntity.RowKeyFor(keyId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>The key's secret from its store; null when the store has none or the key was made by another store.</summary>
    public Task<string?> ReadSecretAsync(IngestKeyEntity key, CancellationToken cancellationToken) =>
        key.SecretStore == secrets.StoreName ? secrets.ReadAsync(key, cancellationToken) : Task.FromResult<string?>(null);

    /// <summary><c>cfik_</c> and 256 random bits, URL-safe: usable as-is in a shell variable.</summary>
    private static string NewSecret() =>
        "cfik_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")]
    private static partial Regex KeyIdPattern();
}
