using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Workflow;

/// <summary>What the scheduler knows about a call besides the work itself: its priority and fairness key (tenant).</summary>
internal readonly record struct ActivityDispatch(JobPriority Priority, string? FairnessKey, string InstanceId, string Key);
