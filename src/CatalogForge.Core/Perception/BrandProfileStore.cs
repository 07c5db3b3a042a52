using System.Text.Json;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Perception;

/// <summary>Table <c>BrandProfiles</c>: one row per tenant (RowKey <c>profile</c>), the validated profile as JSON.</summary>
public sealed class BrandProfileStore(CatalogTables tables, TimeProvider time)
{
    private const string RowKey = "profile";

    public async Task<BrandProfileView?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await tables.BrandProfiles.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKey, cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value is not { } entity)
        {
            return null;
        }

        var profile = JsonSerializer.Deserialize<BrandProfile>(entity.GetString("ProfileJson"), CatalogJson.Options)
            ?? throw new ClassifiedException(ErrorClass.Storage, $"The brand profile of tenant {tenantId} is empty.");
        return new BrandProfileView(profile, entity.GetDateTimeOffset("UpdatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue);
    }

    public async Task<BrandProfileView> PutAsync(string tenantId, BrandProfile profile, CancellationToken cancellationToken)
    {
        var updatedAt = time.GetUtcNow();
        await tables.BrandProfiles.UpsertEntityAsync(new TableEntity(tenantId, RowKey)
        {
            ["ProfileJson"] = JsonSerializer.Serialize(profile, CatalogJson.Options),
            ["UpdatedAt"] = updatedAt,
        }, TableUpdateMode.Replace, cancellationToken);
        return new BrandProfileView(profile, updatedAt);
    }
}
