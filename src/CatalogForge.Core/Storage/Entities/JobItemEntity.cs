namespace CatalogForge.Core.Storage.Entities;

/// <summary>Table <c>JobItems</c>: PartitionKey = <c>{tenantId}|{jobId}</c>, RowKey = zero-padded item index (input order).</summary>
public sealed class JobItemEntity : TableEntityBase
{
    public int Index { get; set; }
    public string Status { get; set; } = "";

    /// <summary>The item's input (brief or catalog row) as JSON.</summary>
    public string InputJson { get; set; } = "";

    public string? ProductId { get; set; }
    public string? Title { get; set; }
    public string? ErrorClass { get; set; }
    public string? ErrorMessage { get; set; }
    public string? FailedStep { get; set; }
    public int Attempts { get; set; }
    public bool Degraded { get; set; }
    public long CostMicroUsd { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }

    /// <summary>Spent by earlier rounds on this item (a retried item keeps what its failed attempts cost).</summary>
    public long PriorCostMicroUsd { get; set; }
    public long PriorInputTokens { get; set; }
    public long PriorOutputTokens { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
