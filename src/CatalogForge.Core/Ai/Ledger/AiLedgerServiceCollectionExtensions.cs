using Azure.Data.Tables;
using Azure.Storage.Blobs;
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
    /// the tables and container in <see cref="AiLedgerStorage"/> must exist (not yet part of <c>StorageNames</c>).
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

/// <summary>The storage the ledger needs beyond <see cref="StorageNames"/>; to be folded into it when wired.</summary>
public static class AiLedgerStorage
{
    public static readonly IReadOnlyList<string> Tables = [DailyBudgetGuard.TableName, AiRequestCache.TableName];

    public static readonly IReadOnlyList<string> Containers = [AiRequestCache.ContainerName];

    public static async Task CreateIfNotExistsAsync(TableServiceClient tables, BlobServiceClient blobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        foreach (var table in Tables)
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }

        foreach (var container in Containers)
        {
            await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
