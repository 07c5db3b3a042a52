using System.Runtime.Serialization;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Storage.Entities;

/// <summary>
/// Table <c>Jobs</c>: PartitionKey = tenantId, RowKey = jobId (sorts newest first). Kind, status and priority are
/// stored as their enum names; code reads and writes them through <see cref="JobKind"/>, <see cref="JobStatus"/> and
/// <see cref="JobPriority"/>, the only place they convert.
/// </summary>
public sealed class JobEntity : TableEntityBase
{
    /// <summary>Stored form of <see cref="JobKind"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Stored form of <see cref="JobStatus"/> (and the column queries filter on).</summary>
    public string Status { get; set; } = "";

    /// <summary>Stored form of <see cref="JobPriority"/>.</summary>
    public string Priority { get; set; } = "";

    [IgnoreDataMember]
    public JobKind JobKind { get => Enum.Parse<JobKind>(Kind); set => Kind = value.ToString(); }

    [IgnoreDataMember]
    public JobStatus JobStatus { get => Enum.Parse<JobStatus>(Status); set => Status = value.ToString(); }

    [IgnoreDataMember]
    public JobPriority JobPriority { get => Enum.Parse<JobPriority>(Priority); set => Priority = value.ToString(); }

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
