using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Workflow;

/// <summary>How an instance's activities are scheduled. Stored on the instance row, so a resumed instance keeps them.</summary>
public sealed record WorkflowStartOptions
{
    public static WorkflowStartOptions Default { get; } = new();

    public JobPriority Priority { get; init; } = JobPriority.Normal;

    /// <summary>Fairness key (per-tenant caps in the activity scheduler); null for system work.</summary>
    public string? TenantId { get; init; }
}
