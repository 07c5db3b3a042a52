using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Testing;

namespace CatalogForge.Functions.Tests.Infra;

/// <summary>The deployed app gets the default daily budget from a Bicep parameter whose default is the code's.</summary>
public sealed class BudgetSettingTests
{
    [Fact]
    public void The_bicep_passes_the_default_daily_budget_parameter_to_the_app_setting()
    {
        var main = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "main.bicep"));
        var functions = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "app", "functions.bicep"));

        Assert.Contains(
            $"param defaultDailyBudgetUsd string = '{BudgetOptions.DefaultDailyUsdValue.ToString(System.Globalization.CultureInfo.InvariantCulture)}'",
            main, StringComparison.Ordinal);
        Assert.Contains("defaultDailyBudgetUsd: defaultDailyBudgetUsd", main, StringComparison.Ordinal);
        Assert.Contains("Ai__Budgets__DefaultDailyUsd: defaultDailyBudgetUsd", functions, StringComparison.Ordinal);
    }
}
