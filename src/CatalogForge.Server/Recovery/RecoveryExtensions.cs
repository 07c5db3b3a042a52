using CatalogForge.Core.Jobs;

namespace CatalogForge.Server.Recovery;

public static class RecoveryExtensions
{
    /// <summary>The pending-job sweep (section <c>PendingJobSweep</c>).</summary>
    public static IHostApplicationBuilder AddPendingJobSweep(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PendingJobSweepOptions>()
            .BindConfiguration(PendingJobSweepOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<PendingJobSweepService>();
        return builder;
    }
}
