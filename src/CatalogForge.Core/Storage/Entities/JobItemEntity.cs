using System.Globalization;
using System.Runtime.Serialization;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Storage.Entities;

/// <summary>
/// Table <c>JobItems</c>: PartitionKey = <see cref="PartitionFor"/> <c>{tenantId}|{jobId}</c>, RowKey = <see cref="RowKeyFor"/>
/// the zero-padded item index (input order). The status is stored as its enum name; code uses <see cref="ItemStatus"/>.
/// </summary>
public sealed class JobItemEntity : TableEntityBase
{
    /// <summary><see cref="FailedStep"/> of an item whose input was rejected at queue ingestion: a retry cannot mend it, so it stays failed with its reason.</summary>
    public const string RejectedStep = "Ingest";

    /// <summary>The partition of a job's items.</summary>
    public static string PartitionFor(string tenantId, string jobId) => $"{tenantId}|{jobId}";

    /// <summary>An item's row key: its index, zero-padded so rows sort in input order.</summary>
    public static string RowKeyFor(int index) => index.ToString("D6", CultureInfo.InvariantCulture);

    public int Index { get; set; }

    /// <summary>Stored form of <see cref="ItemStatus"/> (and the column queries filter on).</summary>
    public string Status { get; set; } = "";

    [IgnoreDataMember]
    public ItemStatus ItemStatus { get => Enum.Parse<ItemStatus>(Status); set => Status = value.ToString(); }

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
