namespace CatalogForge.Core.Ai.Ledger;

/// <summary>Section <c>Ai:Budgets</c>: daily spend caps in USD. 0 or absent = unlimited.</summary>
public sealed class BudgetOptions
{
    public const string Section = "Ai:Budgets";

    /// <summary>Cap for tenants without an override. 0 = unlimited.</summary>
    public decimal DefaultDailyUsd { get; set; }

    /// <summary>Per-tenant caps (tenant id → USD per day). 0 = unlimited for that tenant.</summary>
    public Dictionary<string, decimal> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The tenant's daily cap in USD; 0 means unlimited.</summary>
    public decimal DailyBudgetFor(string tenantId) =>
        Tenants.TryGetValue(tenantId, out var budget) ? budget : DefaultDailyUsd;
}
