using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CatalogForge.Functions.Durable;

/// <summary>One job (Core's <see cref="ProductJobWorkflow"/>); its instance id is the job's (<c>tenant|job</c>).</summary>
public sealed class ProductJobOrchestrator
{
    [Function(nameof(ProductJobOrchestrator))]
    public Task<JobSummary> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new WorkflowOrchestrator<ProductJobWorkflow, JobRef, JobSummary>().RunAsync(context, context.GetInput<JobRef>()!);
}
