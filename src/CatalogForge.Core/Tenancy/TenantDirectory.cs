using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Tenancy;

public sealed class TenantDirectory(CatalogTables tables, IApiKeyDirectory keys, TimeProvider time, ILogger<TenantDirectory> logger)
    : ITenantDirectory
{
    internal const string TenantRow = "tenant";

    public async Task<CreatedTenant> CreateAsync(string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ArgumentException("A tenant name of 1 to 100 characters is required.", nameof(name));
        }

        var tenantId = TenantIds.New(name);
        var apiKey = ApiKeyHasher.NewKey();
        var now = time.GetUtcNow();
        await tables.Tenants.AddEntityAsync(
            new TenantEntity { PartitionKey = tenantId, RowKey = TenantRow, Name = name.Trim(), CreatedAt = now }, cancellationToken);
        await tables.ApiKeys.AddEntityAsync(ApiKeyDirectory.NewRow(apiKey, tenantId, ApiKeyRecord.DefaultKey, now), cancellationToken);
        logger.LogInformation("Tenant {TenantId} created", tenantId);
        return new CreatedTenant(tenantId, name.Trim(), apiKey);
    }

    public Task<bool> ExistsAsync(string tenantId, CancellationToken cancellationToken) => ExistsAsync(tables, tenantId, cancellationToken);

    internal static async Task<bool> ExistsAsync(CatalogTables tables, string tenantId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(tenantId))
        {
            return false;
        }

        var row = await tables.Tenants.GetEntityIfExistsAsync<TenantEntity>(
            tenantId, TenantRow, select: [nameof(TenantEntity.PartitionKey)], cancellationToken: cancellationToken);
        return row.HasValue;
    }

    public async Task<string?> ResolveAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (!ApiKeyHasher.IsPlausible(apiKey))
        {
            return null;
        }

        var key = await keys.FindByHashAsync(ApiKeyHasher.Hash(apiKey), cancellationToken);
        return key?.StatusAt(time.GetUtcNow()) == ApiKeyStatus.Active ? key.TenantId : null;
    }
}
