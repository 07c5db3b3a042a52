namespace CatalogForge.Core.Products;

/// <summary>
/// A cheap read that tells whether a tenant's searchable catalog may have changed: one point read returning an opaque
/// version (e.g. an ETag). Caches of per-tenant data built from many rows (the search vectors) combine every registered
/// source and rebuild when any version differs. <see cref="ProductCatalogVersion"/> is the products' source; another
/// writer of catalog data (e.g. a nightly snapshot pointer) registers its own as one more
/// <c>services.AddSingleton&lt;ICatalogVersionSource, …&gt;()</c>.
/// </summary>
public interface ICatalogVersionSource
{
    /// <summary>The tenant's current version; the same string as long as nothing this source covers changed.</summary>
    Task<string> ReadAsync(string tenantId, CancellationToken cancellationToken);
}
