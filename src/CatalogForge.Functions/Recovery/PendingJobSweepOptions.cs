using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Functions.Recovery;

/// <summary>
/// <c>PendingJobSweep:*</c>. The timer's schedule is not here: the host reads it from the <c>PendingJobSweepSchedule</c>
/// app setting (<see cref="PendingJobSweepFunction.ScheduleSetting"/>) before the worker starts.
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
}
