using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ai.Resilience;

public static class AiResilienceServiceCollectionExtensions
{
    /// <summary>Binds <c>Ai:Retry</c> (validated at start) and registers one pipeline factory and its metrics.</summary>
    public static IServiceCollection AddCatalogForgeAiResilience(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetryPolicyOptions>()
            .Bind(configuration.GetSection(RetryPolicyOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetryPolicyOptions>, RetryPolicyOptionsValidator>();
        services.AddSingleton<AiResilienceMetrics>();
        services.AddSingleton(sp => new AiResiliencePipelineFactory(
            sp.GetRequiredService<IOptions<RetryPolicyOptions>>().Value,
            sp.GetRequiredService<AiResilienceMetrics>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

/// <summary>Reports every invalid <c>Ai:Retry</c> key at start, each named.</summary>
internal sealed class RetryPolicyOptionsValidator : IValidateOptions<RetryPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, RetryPolicyOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
