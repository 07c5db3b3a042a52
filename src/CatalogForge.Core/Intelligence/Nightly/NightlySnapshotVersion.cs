using Azure.Data.Tables;
using CatalogForge.Core.Products;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>
/// The tenant's snapshot version for caches of catalog data (the search's vectors): the ETag of its <c>current</c>
/// pointer row, which changes whenever a run publishes. A run re-embeds products without touching the products' own
/// version (<see cref="ProductCatalogVersion"/>), so this is what makes a cache see the run's new vectors; together they
/// cover both the nightly refresh and products saved between runs. One point read.
/// </summary>
public sealed class NightlySnapshotVersion(NightlySnapshotStore store) : ICatalogVersionSource
{
    /// <summary>The version of a tenant without a published snapshot.</summary>
    public const string None = "no-snapshot";

    public async Task<string> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await store.Snapshots.GetEntityIfExistsAsync<TableEntity>(
            tenantId, NightlySnapshotEntity.CurrentRowKey, ["SnapshotId"], cancellationToken);
        return row.HasValue && row.Value is { } pointer ? $"{pointer.GetString("SnapshotId")}@{pointer.ETag}" : None;
    }
}
