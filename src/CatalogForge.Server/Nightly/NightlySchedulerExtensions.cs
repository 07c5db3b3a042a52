using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Nightly;

public static class NightlySchedulerExtensions
{
    /// <summary>The nightly scheduler (<c>Nightly:Schedule</c>, <c>Nightly:SchedulerEnabled</c>), its schedule validated at start.</summary>
    public static IHostApplicationBuilder AddNightlyScheduler(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NightlySchedulerOptions>()
            .BindConfiguration(NightlySchedulerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NightlySchedulerOptions>, NightlySchedulerOptionsValidator>();
        builder.Services.AddHostedService<NightlyScheduler>();
        return builder;
    }
}
