using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CatalogForge.Functions.Durable;

/// <summary>One chunk of a job's items (Core's <see cref="ProductChunkWorkflow"/>), a sub-orchestration <c>tenant|job:chunk-NNNNN</c>.</summary>
public sealed class ProductChunkOrchestrator
{
    [Function(nameof(ProductChunkOrchestrator))]
    public Task<ChunkResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new WorkflowOrchestrator<ProductChunkWorkflow, ChunkInput, ChunkResult>().RunAsync(context, context.GetInput<ChunkInput>()!);
}
