using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ai.Resilience;

public static class AiResilienceServiceCollectionExtensions
{
    /// <summary>Binds <c>Ai:Retry</c> and <c>Ai:CircuitBreaker</c> (validated at start); registers the pipeline factory, its metrics and the shared breaker store.</summary>
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
        services.AddOptions<CircuitBreakerOptions>()
            .Bind(configuration.GetSection(CircuitBreakerOptions.Section))
            .Validate(o => o.Validate().Count == 0, "Ai:CircuitBreaker: FailureThreshold must be 1..10000 and BreakDuration more than zero and at most one day.")
            .ValidateOnStart();
        services.AddSingleton(sp => new CircuitBreakerStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.Tables.CircuitBreakers),
            sp.GetRequiredService<IOptions<CircuitBreakerOptions>>().Value,
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
