using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Domain;
using CatalogForge.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Tests.Ai.Ledger;

public sealed class AiLedgerRegistrationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Binds_Ai_Budgets_and_resolves_the_services()
    {
        var ct = TestContext.Current.CancellationToken;
        await LedgerStorage.CreateAsync(azurite);
        var tenant = LedgerStorage.NewTenant("bound");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ai:Budgets:DefaultDailyUsd"] = "2.5",
            [$"Ai:Budgets:Tenants:{tenant}"] = "0.2",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton(new TableServiceClient(azurite.ConnectionString))
            .AddSingleton(new BlobServiceClient(azurite.ConnectionString))
            .AddCatalogForgeAiLedger(configuration);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<BudgetOptions>>().Value;
        Assert.Equal(2.5m, options.DefaultDailyUsd);
        Assert.Equal(0.2m, options.DailyBudgetFor(tenant));
        Assert.Equal(2.5m, options.DailyBudgetFor("someone-else"));
        Assert.NotNull(provider.GetRequiredService<AiRequestCache>());
        Assert.NotNull(provider.GetRequiredService<UsageReport>());

        var guard = provider.GetRequiredService<DailyBudgetGuard>();
        await guard.ReserveAsync(tenant, 0.2m, ct);
        var ex = await Assert.ThrowsAsync<ClassifiedException>(() => guard.ReserveAsync(tenant, 0.01m, ct));
        Assert.Equal(ErrorClass.BudgetExceeded, ex.ErrorClass);
    }
}
