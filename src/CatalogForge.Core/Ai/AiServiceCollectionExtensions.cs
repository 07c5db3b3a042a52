using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Ai.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Ai;

public static class AiServiceCollectionExtensions
{
    public static IServiceCollection AddCatalogForgeAi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AiOptions>()
            .Configure(options => BindWithDefaults(options, configuration.GetSection(AiOptions.Section)))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(_ => new ProviderKeyResolver());
        services.AddSingleton<AiClientFactory>();
        services.AddSingleton<DeploymentRouter>();
        services.AddSingleton<UsageLedger>();
        services.AddSingleton<RawOutputStore>();
        services.AddCatalogForgeAiLedger(configuration);
        services.AddCatalogForgeAiResilience(configuration);
        services.AddSingleton<IAiGateway, AiGateway>();
        return services;
    }

    /// <summary>
    /// The embedded ai-defaults.json (the emulator's providers, deployments and prices) applies unless the configuration
    /// defines deployments of its own (any <c>Ai:Deployments:{name}:Provider</c>). Configured values override it key by
    /// key, so <c>Ai:Deployments:chat-standard:RequestsPerMinute=360</c> alone tunes the emulator's chat deployment.
    /// With your own deployments, nothing of the defaults but the tier map is used.
    /// </summary>
    private static void BindWithDefaults(AiOptions options, IConfigurationSection configured)
    {
        using var stream = typeof(AiOptions).Assembly.GetManifestResourceStream("CatalogForge.Core.ai-defaults.json")
            ?? throw new InvalidOperationException("Embedded ai-defaults.json is missing.");
        var defaults = new ConfigurationBuilder().AddJsonStream(stream).Build().GetSection(AiOptions.Section);
        defaults.GetSection(nameof(AiOptions.Tiers)).Bind(options.Tiers);
        var definesOwnDeployments = configured.GetSection(nameof(AiOptions.Deployments)).GetChildren()
            .Any(deployment => deployment[nameof(AiDeploymentOptions.Provider)] is not null);
        if (!definesOwnDeployments)
        {
            defaults.Bind(options);
        }

        configured.Bind(options);
    }
}
