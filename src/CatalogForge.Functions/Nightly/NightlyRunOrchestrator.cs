using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CatalogForge.Functions.Nightly;

/// <summary>One tenant's nightly run (Core's <see cref="NightlyRunWorkflow"/>); instance <c>{tenant}|nightly|{yyyyMMdd}</c>.</summary>
public sealed class NightlyRunOrchestrator
{
    [Function(nameof(NightlyRunOrchestrator))]
    public Task<NightlyRunSummary> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new WorkflowOrchestrator<NightlyRunWorkflow, NightlyRunInput, NightlyRunSummary>().RunAsync(context, context.GetInput<NightlyRunInput>()!);
}
