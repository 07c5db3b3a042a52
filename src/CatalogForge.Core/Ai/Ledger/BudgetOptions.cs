namespace CatalogForge.Core.Ai.Ledger;

/// <summary>Section <c>Ai:Budgets</c>: daily spend caps in USD per tenant and UTC day. 0 = unlimited.</summary>
public sealed class BudgetOptions
{
    public const string Section = "Ai:Budgets";

    /// <summary>
    /// What a tenant without an override may spend per UTC day: $25 is some 400 generated products with images at the
    /// default prices, ample for a new tenant's trial and small enough that a runaway script or a leaked key costs little.
    /// </summary>
    public const decimal DefaultDailyUsdValue = 25m;

    /// <summary>Cap for tenants without an override (default <see cref="DefaultDailyUsdValue"/>). 0 = unlimited.</summary>
    public decimal DefaultDailyUsd { get; set; } = DefaultDailyUsdValue;

    /// <summary>Per-tenant caps (tenant id → USD per day). 0 = unlimited for that tenant.</summary>
    public Dictionary<string, decimal> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The tenant's daily cap in USD; 0 means unlimited.</summary>
    public decimal DailyBudgetFor(string tenantId) =>
        Tenants.TryGetValue(tenantId, out var budget) ? budget : DefaultDailyUsd;
}
