using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CatalogForge.Core.Orchestration;

public static class OrchestrationServiceCollectionExtensions
{
    /// <summary>
    /// Adds orchestrators and activities to the one <see cref="OrchestrationCatalog"/> of the container (created on the
    /// first call) and makes every activity resolvable, a new instance per run in the run's scope.
    /// </summary>
    public static IServiceCollection AddOrchestrations(this IServiceCollection services, Action<OrchestrationCatalog> add)
    {
        ArgumentNullException.ThrowIfNull(add);
        var catalog = services.FirstOrDefault(d => d.ServiceType == typeof(OrchestrationCatalog))?.ImplementationInstance as OrchestrationCatalog;
        if (catalog is null)
        {
            catalog = new OrchestrationCatalog();
            services.AddSingleton(catalog);
        }

        add(catalog);
        foreach (var type in catalog.ActivityTypes)
        {
            services.TryAddTransient(type);
        }

        return services;
    }
}
