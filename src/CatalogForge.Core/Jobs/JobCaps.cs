using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// What one tenant may have unfinished at once: jobs (Pending or Running) and the items of those jobs. Checked against
/// the tenant's totals row (one point read, and in the same transaction that adds a job, so concurrent submissions
/// cannot jointly overshoot). The row counts a job's items as queued from its creation (or retry) until it ends.
/// </summary>
public sealed record JobCaps(int MaxActiveJobs, int MaxQueuedItems, TimeSpan RetryAfter)
{
    public const string ActiveJobsSetting = $"{JobLimits.Section}:{nameof(JobLimits.MaxActiveJobsPerTenant)}";
    public const string QueuedItemsSetting = $"{JobLimits.Section}:{nameof(JobLimits.MaxQueuedItemsPerTenant)}";

    /// <summary>Throws <see cref="TenantCapExceededException"/> when one more job of <paramref name="itemCount"/> items does not fit.</summary>
    public void Check(JobTotalsEntity totals, int itemCount)
    {
        var active = (long)totals.Pending + totals.Running;
        if (active + 1 > MaxActiveJobs)
        {
            throw new TenantCapExceededException(ActiveJobsSetting, MaxActiveJobs, active, 1, RetryAfter);
        }

        if (totals.QueuedItems + itemCount > MaxQueuedItems)
        {
            throw new TenantCapExceededException(QueuedItemsSetting, MaxQueuedItems, totals.QueuedItems, itemCount, RetryAfter);
        }
    }

    /// <summary>Moves a job of <paramref name="itemCount"/> items from <paramref name="from"/> (null: new) to <paramref name="to"/> in the totals.</summary>
    public static void Move(JobTotalsEntity totals, JobStatus? from, JobStatus to, int itemCount)
    {
        if (from is { } before)
        {
            totals.Add(before, -1);
        }

        totals.Add(to, 1);
        var queued = (to.IsTerminal() ? 0 : itemCount) - (from is { } was && !was.IsTerminal() ? itemCount : 0);
        // Rows written before the counter existed start from 0: never below it.
        totals.QueuedItems = Math.Max(0, totals.QueuedItems + queued);
    }
}
