using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Ai.Ledger;

/// <summary>Table <c>Budgets</c>: PartitionKey = <c>{tenantId}</c>, RowKey = <c>yyyyMMdd</c> (UTC). One totals row per tenant per day.</summary>
public sealed class BudgetEntity : TableEntityBase
{
    /// <summary>Estimates of calls in flight (reserved, not yet settled or released).</summary>
    public long ReservedMicroUsd { get; set; }

    /// <summary>Actual cost of settled calls.</summary>
    public long SpentMicroUsd { get; set; }
}
