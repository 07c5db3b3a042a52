using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Core.Workflow;

/// <summary>Section <c>Workflow</c>: the embedded workflow engine (Server, tests, benchmarks; not Durable Functions).</summary>
public sealed class WorkflowEngineOptions : IValidatableObject
{
    public const string Section = "Workflow";

    /// <summary>
    /// Activities running at once across all instances in this process. 64 = the items one job has in flight with the
    /// default <c>Jobs</c> windows (8 chunks × 8 items), so a job's next steps need not wait for a slot (BENCHMARKS.md).
    /// </summary>
    [Range(1, 4096)]
    public int MaxConcurrentActivities { get; set; } = 64;

    /// <summary>
    /// Activities of one tenant running at once; unset means <see cref="MaxConcurrentActivities"/>. Below the global
    /// cap it keeps slots free for other tenants even while one tenant's activities are long (3 s model calls).
    /// Tenants take turns for free slots either way.
    /// </summary>
    public int? MaxConcurrentActivitiesPerTenant { get; set; }

    internal int EffectivePerTenantCap => MaxConcurrentActivitiesPerTenant ?? MaxConcurrentActivities;

    /// <summary>Re-run instances left Running in storage (by a stopped or crashed host) when the host starts.</summary>
    public bool ResumeOnStart { get; set; } = true;

    /// <summary>How long a stopping host lets in-flight activities finish and memoise before cancelling them.</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Custom status is written at most this often per instance (plus a final write).</summary>
    public TimeSpan CustomStatusFlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxConcurrentActivitiesPerTenant is { } perTenant && (perTenant < 1 || perTenant > MaxConcurrentActivities))
        {
            yield return new ValidationResult(
                $"Workflow:MaxConcurrentActivitiesPerTenant must be between 1 and Workflow:MaxConcurrentActivities ({MaxConcurrentActivities}); was {perTenant}.",
                [nameof(MaxConcurrentActivitiesPerTenant)]);
        }

        if (ShutdownDrainTimeout < TimeSpan.Zero || ShutdownDrainTimeout > TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult(
                "Workflow:ShutdownDrainTimeout must be between 00:00:00 and 00:10:00.", [nameof(ShutdownDrainTimeout)]);
        }

        if (CustomStatusFlushInterval < TimeSpan.Zero || CustomStatusFlushInterval > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult(
                "Workflow:CustomStatusFlushInterval must be between 00:00:00 and 00:01:00.", [nameof(CustomStatusFlushInterval)]);
        }
    }
}
