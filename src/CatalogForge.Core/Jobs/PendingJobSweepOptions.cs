using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// <c>PendingJobSweep:*</c>: the recovery of jobs written but never started, and of job writes never finished. The Server sweeps on <see cref="Interval"/>;
/// the Functions app on the cron in its <c>PendingJobSweepSchedule</c> app setting, which the host reads before the
/// worker starts.
/// </summary>
public sealed class PendingJobSweepOptions
{
    public const string Section = "PendingJobSweep";

    /// <summary>
    /// A Pending job is started by the sweep only once it has been Pending this long: a younger one is most likely being
    /// started right now by the request or queue message that wrote it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan MinAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The Server's sweep: once at start for every Pending job, then every <see cref="Interval"/>.</summary>
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Items written for a job whose row never followed (the write failed half-way, or lost a tenant-cap race) are
    /// deleted by the same sweep once the write began this long ago (<see cref="AbandonedJobWriteSweeper"/>). Far above
    /// the longest write, so a slow write is never taken for an abandoned one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:10:00", "7.00:00:00")]
    public TimeSpan AbandonedWriteAge { get; set; } = TimeSpan.FromHours(1);
}
