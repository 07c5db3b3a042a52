namespace CatalogForge.Core.Storage.Entities;

/// <summary>Table <c>Jobs</c>: PartitionKey = tenantId, RowKey = jobId (sorts newest first).</summary>
public sealed class JobEntity : TableEntityBase
{
    public string Kind { get; set; } = "";
    public string Status { get; set; } = "";
    public string Priority { get; set; } = "";
    public int ItemCount { get; set; }
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    public int Cancelled { get; set; }

    /// <summary>Tables has no decimal; cost is kept in micro-dollars to stay exact.</summary>
    public long CostMicroUsd { get; set; }

    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public bool Images { get; set; }
    public string Language { get; set; } = "en";
    public string? IdempotencyKey { get; set; }
    public string? ErrorsJson { get; set; }
    public bool CancelRequested { get; set; }

    /// <summary>0 until the first retry of failed items; the current round's workflow instance derives from it.</summary>
    public int RetryRound { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
