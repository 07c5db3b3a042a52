using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ai.Resilience;

public static class AiResilienceServiceCollectionExtensions
{
    /// <summary>Binds <c>Ai:Retry</c> and <c>Ai:CircuitBreaker</c> (validated at start); registers the pipeline factory, its metrics, the deployments' client-side rate limiters and the shared breaker store.</summary>
    public static IServiceCollection AddCatalogForgeAiResilience(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetryPolicyOptions>()
            .Bind(configuration.GetSection(RetryPolicyOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetryPolicyOptions>>(new ListedErrorsValidator<RetryPolicyOptions>(o => o.Validate()));
        services.AddSingleton<AiResilienceMetrics>();
        services.AddSingleton(sp => new DeploymentRateLimiters(sp.GetRequiredService<IOptions<AiOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new AiResiliencePipelineFactory(
            sp.GetRequiredService<IOptions<RetryPolicyOptions>>().Value,
            sp.GetRequiredService<AiResilienceMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DeploymentRateLimiters>()));
        services.AddOptions<CircuitBreakerOptions>()
            .Bind(configuration.GetSection(CircuitBreakerOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CircuitBreakerOptions>>(new ListedErrorsValidator<CircuitBreakerOptions>(o => o.Validate()));
        services.AddSingleton(sp => new CircuitBreakerStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.Tables.CircuitBreakers),
            sp.GetRequiredService<IOptions<CircuitBreakerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

/// <summary>Fails start-up with every error an options class lists about itself, each naming its key.</summary>
internal sealed class ListedErrorsValidator<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
