using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// What the scheduler knows about a call besides the work itself: its priority and fairness key (tenant), and
/// <paramref name="Order"/>, the start sequence of the calling (root or sub-) instance in this process: within a
/// tenant and priority, calls of instances started earlier go first.
/// </summary>
internal readonly record struct ActivityDispatch(JobPriority Priority, string? FairnessKey, string InstanceId, string Key, long Order);
