using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// Whose call waits at a limiter and how urgent it is: the limiter's <see cref="FairWaitQueue{T}"/> gives every tenant
/// a turn and, within a tenant, lets higher priority go first.
/// </summary>
/// <param name="TenantId">The tenant the call is for; null or empty for system work, which has a lane of its own.</param>
public readonly record struct AdmissionKey(string? TenantId, JobPriority Priority = JobPriority.Normal)
{
    /// <summary>A call that names no tenant: system work at normal priority.</summary>
    public static AdmissionKey System => new(null);
}
