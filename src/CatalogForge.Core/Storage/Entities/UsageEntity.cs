namespace CatalogForge.Core.Storage.Entities;

/// <summary>Table <c>Usage</c>: PartitionKey = <c>{tenantId}|{yyyyMMdd}</c>, RowKey = call id. One row per model call.</summary>
public sealed class UsageEntity : TableEntityBase
{
    public string TenantId { get; set; } = "";
    public string? JobId { get; set; }
    public string? ItemKey { get; set; }
    public string Task { get; set; } = "";
    public string Provider { get; set; } = "";
    public string Deployment { get; set; } = "";
    public string Model { get; set; } = "";
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public int Images { get; set; }
    public long CostMicroUsd { get; set; }
    public bool CacheHit { get; set; }
    public DateTimeOffset At { get; set; }
}
