using CatalogForge.Core.Intelligence.Nightly.Activities;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Intelligence.Nightly;

public static class NightlyServiceCollectionExtensions
{
    /// <summary><c>Nightly:*</c> (validated at start), the snapshot store, the runner, and the nightly run's orchestration and activities.</summary>
    public static IServiceCollection AddCatalogForgeNightly(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NightlyOptions>()
            .Bind(configuration.GetSection(NightlyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NightlyOptions>, NightlyAlertOptionsValidator>();
        services.AddSingleton<NightlySnapshotStore>();
        services.AddSingleton<NightlyRunner>();
        services.AddSingleton<Triggers.NightlyLeaseStore>();
        services.AddSingleton<Triggers.NightlyRefreshStarter>();
        services.AddSingleton<Triggers.NightlyDayStarter>();
        services.AddOrchestrations(catalog => catalog
            .AddWorkflow<NightlyRunWorkflow, NightlyRunInput, NightlyRunSummary>()
            .AddActivity<StartNightlyRunActivity, NightlyRunInput, NightlyPlan>()
            .AddActivity<RefreshEmbeddingsActivity, NightlyRunInput, EmbeddingRefreshResult>()
            .AddActivity<ProbePerceptionActivity, ComputeSnapshotInput, PerceptionProbeResult>()
            .AddActivity<ComputeSnapshotActivity, ComputeSnapshotInput, SnapshotCounts>()
            .AddActivity<RaiseAlertsActivity, ComputeSnapshotInput, int>()
            .AddActivity<PublishSnapshotActivity, PublishInput, int>()
            .AddActivity<FailNightlyRunActivity, FailNightlyRunInput, bool>());
        return services;
    }
}
