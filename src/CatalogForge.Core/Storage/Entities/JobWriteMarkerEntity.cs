namespace CatalogForge.Core.Storage.Entities;

/// <summary>
/// Table <c>Jobs</c>, PartitionKey = tenantId, RowKey = <see cref="RowKeyFor"/>: a job whose items are being written and
/// whose row is not yet. The transaction that adds the job row deletes it (guarded by the ETag its writer got); one that
/// stays (a failure between the items and the row, or a lost cap race) names the item partition the abandoned-write
/// sweep deletes.
/// </summary>
public sealed class JobWriteMarkerEntity : TableEntityBase
{
    /// <summary>Sorts after every job id and after <see cref="JobTotalsEntity.RowKeyValue"/>, so job listings never include it.</summary>
    public const string Prefix = "~write|";

    /// <summary>The first key after every marker key ('}' follows '|').</summary>
    public const string PrefixEnd = "~write}";

    public static string RowKeyFor(string jobId) => Prefix + jobId;

    public static string JobIdOf(string rowKey) => rowKey[Prefix.Length..];

    /// <summary>When the latest write of the job's items began.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The sweep has claimed it and is deleting the items: no writer may go on with this job until it is gone.</summary>
    public bool Sweeping { get; set; }
}
