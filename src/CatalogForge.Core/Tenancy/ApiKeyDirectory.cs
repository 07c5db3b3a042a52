using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Tenancy;

/// <summary>
/// API keys in table <c>ApiKeys</c>: a presented key is one point read under its hash. Listing and revoking, which are
/// operator commands, query the table by tenant. A row without a key id or name (written before keys had them) is the
/// tenant's key <see cref="ApiKeyRecord.DefaultKey"/>.
/// </summary>
public sealed partial class ApiKeyDirectory(CatalogTables tables, TimeProvider time, ILogger<ApiKeyDirectory> logger) : IApiKeyDirectory
{
    internal const string KeyRow = "key";
    public const int MaxNameLength = 100;

    public async Task<CreatedApiKey?> AddAsync(string tenantId, string name, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var keyName = ValidName(name);
        var now = time.GetUtcNow();
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw new ArgumentException("The expiry must be in the future.", nameof(expiresAt));
        }

        if (!await TenantDirectory.ExistsAsync(tables, tenantId, cancellationToken))
        {
            return null;
        }

        var apiKey = ApiKeyHasher.NewKey();
        var row = NewRow(apiKey, tenantId, keyName, now);
        row.ExpiresAt = expiresAt;
        await tables.ApiKeys.AddEntityAsync(row, cancellationToken);
        LogAdded(logger, tenantId, row.KeyId!);
        return new CreatedApiKey(ToRecord(row), apiKey);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var keys = new List<ApiKeyRecord>();
        await foreach (var row in QueryTenantAsync(tenantId, cancellationToken))
        {
            keys.Add(ToRecord(row));
        }

        return [.. keys.OrderBy(key => key.CreatedAt).ThenBy(key => key.KeyId, StringComparer.Ordinal)];
    }

    public async Task<ApiKeyRecord?> RevokeAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        ApiKeyEntity? found = null;
        await foreach (var row in QueryTenantAsync(tenantId, cancellationToken))
        {
            if (string.Equals(ToRecord(row).KeyId, keyId, StringComparison.Ordinal))
            {
                found = row;
                break;
            }
        }

        if (found is null)
        {
            return null;
        }

        if (found.RevokedAt is null)
        {
            found.RevokedAt = time.GetUtcNow();
            var change = new TableEntity(found.PartitionKey, found.RowKey) { [nameof(ApiKeyEntity.RevokedAt)] = found.RevokedAt };
            await tables.ApiKeys.UpdateEntityAsync(change, ETag.All, TableUpdateMode.Merge, cancellationToken);
            LogRevoked(logger, tenantId, ToRecord(found).KeyId);
        }

        return ToRecord(found);
    }

    public async Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken)
    {
        var row = await tables.ApiKeys.GetEntityIfExistsAsync<ApiKeyEntity>(keyHash, KeyRow, cancellationToken: cancellationToken);
        return row.HasValue ? ToRecord(row.Value!) : null;
    }

    public async Task RecordUseAsync(string keyHash, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        var change = new TableEntity(keyHash, KeyRow) { [nameof(ApiKeyEntity.LastUsedAt)] = usedAt };
        await tables.ApiKeys.UpdateEntityAsync(change, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>A new key's row (also the first key's, which <see cref="TenantDirectory"/> writes with the tenant).</summary>
    internal static ApiKeyEntity NewRow(string apiKey, string tenantId, string name, DateTimeOffset createdAt) => new()
    {
        PartitionKey = ApiKeyHasher.Hash(apiKey),
        RowKey = KeyRow,
        TenantId = tenantId,
        CreatedAt = createdAt,
        KeyId = ApiKeyHasher.NewKeyId(),
        Name = name,
    };

    private static string ValidName(string name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new ArgumentException($"A key name of 1 to {MaxNameLength} characters, without control characters, is required.", nameof(name));
        }

        return trimmed;
    }

    private AsyncPageable<ApiKeyEntity> QueryTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        tables.ApiKeys.QueryAsync<ApiKeyEntity>(
            TableClient.CreateQueryFilter($"TenantId eq {tenantId}"), cancellationToken: cancellationToken);

    private static ApiKeyRecord ToRecord(ApiKeyEntity row) => new(
        row.TenantId,
        row.KeyId ?? ApiKeyRecord.DefaultKey,
        row.Name ?? ApiKeyRecord.DefaultKey,
        row.CreatedAt,
        row.LastUsedAt,
        row.ExpiresAt,
        row.RevokedAt);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "API key {KeyId} added for tenant {TenantId}")]
    private static partial void LogAdded(ILogger logger, string tenantId, string keyId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "API key {KeyId} of tenant {TenantId} revoked")]
    private static partial void LogRevoked(ILogger logger, string tenantId, string keyId);
}
