using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Tenancy;

public sealed class TenantDirectory(CatalogTables tables, TimeProvider time, ILogger<TenantDirectory> logger) : ITenantDirectory
{
    private const string TenantRow = "tenant";
    private const string KeyRow = "key";

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
        await tables.ApiKeys.AddEntityAsync(
            new ApiKeyEntity { PartitionKey = ApiKeyHasher.Hash(apiKey), RowKey = KeyRow, TenantId = tenantId, CreatedAt = now },
            cancellationToken);
        logger.LogInformation("Tenant {TenantId} created", tenantId);
        return new CreatedTenant(tenantId, name.Trim(), apiKey);
    }

    public async Task<string?> ResolveAsync(string apiKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(apiKey) || apiKey.Length > 200)
        {
            return null;
        }

        var row = await tables.ApiKeys.GetEntityIfExistsAsync<ApiKeyEntity>(
            ApiKeyHasher.Hash(apiKey), KeyRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.TenantId : null;
    }
}
