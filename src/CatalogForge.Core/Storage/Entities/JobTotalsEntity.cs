using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Storage.Entities;

/// <summary>
/// Table <c>Jobs</c>, PartitionKey = tenantId, RowKey = <see cref="RowKeyValue"/>: how many of the tenant's jobs are in
/// each status. It shares the partition with the job rows so every status change updates both in one transaction.
/// </summary>
public sealed class JobTotalsEntity : TableEntityBase
{
    /// <summary>Sorts after every job id (job ids start with a digit), so job-id ranges never include it.</summary>
    public const string RowKeyValue = "~totals";

    public int Pending { get; set; }
    public int Running { get; set; }
    public int Completed { get; set; }
    public int CompletedWithErrors { get; set; }
    public int Failed { get; set; }
    public int Cancelled { get; set; }

    /// <summary>Items of the tenant's unfinished (Pending or Running) jobs, for the queued-items cap.</summary>
    public long QueuedItems { get; set; }

    public void Add(JobStatus status, int delta)
    {
        switch (status)
        {
            case JobStatus.Pending: Pending += delta; break;
            case JobStatus.Running: Running += delta; break;
            case JobStatus.Completed: Completed += delta; break;
            case JobStatus.CompletedWithErrors: CompletedWithErrors += delta; break;
            case JobStatus.Failed: Failed += delta; break;
            case JobStatus.Cancelled: Cancelled += delta; break;
            default: throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown job status.");
        }
    }
}
