using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>Table <c>NightlyRuns</c>: PartitionKey = tenantId, RowKey = run date (<c>yyyyMMdd</c>).</summary>
public sealed class NightlyRunEntity : TableEntityBase
{
    /// <summary>Running, Completed or Failed.</summary>
    public string Status { get; set; } = "";
    public string SnapshotId { get; set; } = "";
    public string? PreviousSnapshotId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Products { get; set; }
    public int Reembedded { get; set; }
    public int EmbedFailures { get; set; }
    public int NearDuplicatePairs { get; set; }
    public int Clusters { get; set; }
    public int NewClusters { get; set; }
    public int RiskScore { get; set; }
    public int Alerts { get; set; }
    public long InputTokens { get; set; }
    public long CostMicroUsd { get; set; }
    public string? ErrorClass { get; set; }
    public string? ErrorMessage { get; set; }
}

/// <summary>
/// Table <c>NightlySnapshots</c>, PartitionKey = tenantId. RowKey <see cref="CurrentRowKey"/>: the pointer readers follow
/// (moved only with its ETag); any other RowKey: a snapshot written whole (its id), with when it was published.
/// </summary>
public sealed class NightlySnapshotEntity : TableEntityBase
{
    public const string CurrentRowKey = "current";

    public string SnapshotId { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>Table <c>NightlyAlerts</c>: PartitionKey = tenantId, RowKey = <c>{snapshotId}-{nnn}</c>.</summary>
public sealed class NightlyAlertEntity : TableEntityBase
{
    public string SnapshotId { get; set; } = "";
    public string Rule { get; set; } = "";
    public double Value { get; set; }
    public double Threshold { get; set; }
    public string Message { get; set; } = "";
    public DateTimeOffset RaisedAt { get; set; }
}
