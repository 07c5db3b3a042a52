using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Products;

/// <summary>
/// The tenant's product version: the ETag of row (tenant, <c>products</c>) in <c>CatalogVersions</c>. Saving a product
/// touches it (after its product and embedding rows are written), so a reader that compares versions before and after
/// loading sees every change; reading it is one point read.
/// </summary>
public sealed class ProductCatalogVersion(CatalogTables tables, TimeProvider time) : ICatalogVersionSource
{
    public const string RowKey = "products";

    /// <summary>The version of a tenant that has never saved a product.</summary>
    public const string None = "none";

    public async Task TouchAsync(string tenantId, CancellationToken cancellationToken) =>
        await tables.CatalogVersions.UpsertEntityAsync(
            new TableEntity(tenantId, RowKey) { ["ChangedAt"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);

    public async Task<string> ReadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await tables.CatalogVersions.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKey, ["RowKey"], cancellationToken);
        return row.HasValue && row.Value is { } entity ? entity.ETag.ToString() : None;
    }
}
