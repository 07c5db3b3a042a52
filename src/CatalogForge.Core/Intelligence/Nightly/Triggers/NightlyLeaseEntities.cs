using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Intelligence.Nightly.Triggers;

/// <summary>
/// Table <c>NightlyLeases</c>, PartitionKey = tenantId, RowKey <see cref="RowKeyValue"/>: the tenant's on-demand run, written
/// (ETag-guarded) before the run starts, so two refresh requests cannot both start one. It needs no clearing: it holds only
/// while the run's instance is Running (or, for <see cref="NightlyRefreshStarter.StartGrace"/>, while it is being started).
/// </summary>
public sealed class TenantRunLeaseEntity : TableEntityBase
{
    public const string RowKeyValue = "running";

    public string RunId { get; set; } = "";
    public DateTimeOffset AcquiredAt { get; set; }
}

/// <summary>
/// Table <c>NightlyLeases</c>, PartitionKey <see cref="PartitionKeyValue"/> (no tenant id starts with '_'), RowKey = UTC day
/// <c>yyyyMMdd</c>: the process that starts that day's scheduled runs, until <see cref="ExpiresAt"/> unless renewed; once
/// <see cref="CompletedAt"/> is set the day is done and nobody starts it again.
/// </summary>
public sealed class DayLeaseEntity : TableEntityBase
{
    public const string PartitionKeyValue = "_scheduler";

    public string Owner { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
