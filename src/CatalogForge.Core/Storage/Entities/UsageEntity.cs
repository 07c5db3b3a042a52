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

    /// <summary>Requests sent to providers for this call, retries and fallbacks included (0 for a cache hit).</summary>
    public int Attempts { get; set; }

    /// <summary>Requests repeated on the same deployment after a failure.</summary>
    public int Retries { get; set; }

    /// <summary>429 responses received while making the call.</summary>
    public int RateLimited { get; set; }

    /// <summary>When a deployment other than the preferred one served (or last failed) the call: the preferred one.</summary>
    public string? FallbackFrom { get; set; }

    /// <summary>True when no deployment produced a result; <see cref="ErrorClass"/> says why.</summary>
    public bool Failed { get; set; }

    public string? ErrorClass { get; set; }
    public DateTimeOffset At { get; set; }
}
