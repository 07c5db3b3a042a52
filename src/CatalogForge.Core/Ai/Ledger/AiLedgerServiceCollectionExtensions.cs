using CatalogForge.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CatalogForge.Core.Ai.Ledger;

public static class AiLedgerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DailyBudgetGuard"/> (options <see cref="BudgetOptions.Section"/>), <see cref="AiRequestCache"/>
    /// and <see cref="UsageReport"/>. Needs the storage clients of <see cref="StorageServiceCollectionExtensions.AddCatalogForgeStorage"/>;
    /// its tables and container are part of <see cref="StorageNames"/>.
    /// </summary>
    public static IServiceCollection AddCatalogForgeAiLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BudgetOptions>()
            .Bind(configuration.GetSection(BudgetOptions.Section))
            .Validate(o => o.DefaultDailyUsd >= 0 && o.Tenants.Values.All(v => v >= 0), $"{BudgetOptions.Section}: budgets must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CatalogTables>();
        services.AddSingleton<DailyBudgetGuard>();
        services.AddSingleton<AiRequestCache>();
        services.AddSingleton<UsageReport>();
        return services;
    }
}
