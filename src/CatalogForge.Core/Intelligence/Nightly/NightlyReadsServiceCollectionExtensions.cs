using CatalogForge.Core.Products;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CatalogForge.Core.Intelligence.Nightly;

public static class NightlyReadsServiceCollectionExtensions
{
    /// <summary>
    /// The read side of the nightly snapshots (<see cref="NightlyQueries"/>), and the snapshot pointer as one more
    /// catalog version, so caches of catalog data (the search's vectors) reload when a run publishes.
    /// </summary>
    public static IServiceCollection AddCatalogForgeNightlyReads(this IServiceCollection services)
    {
        services.TryAddSingleton<ProductTitles>();
        services.AddSingleton<SimilarProductsIndex>();
        services.AddSingleton<NightlyQueries>();
        services.AddSingleton<NightlySnapshotVersion>();
        services.AddSingleton<ICatalogVersionSource>(sp => sp.GetRequiredService<NightlySnapshotVersion>());
        return services;
    }
}
