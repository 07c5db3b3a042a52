using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CatalogForge.Functions.Durable;

/// <summary>One chunk of a job's items (Core's <see cref="ProductChunkWorkflow"/>), a sub-orchestration <c>tenant|job:chunk-NNNNN</c>.</summary>
public sealed class ProductChunkOrchestrator(ProductChunkWorkflow workflow)
{
    [Function(nameof(ProductChunkOrchestrator))]
    public Task<ChunkResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflow.RunAsync(new DurableWorkflowContext(context), ProductJobOrchestrator.Input<ChunkInput>(context));
}
