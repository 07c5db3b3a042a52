using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CatalogForge.Functions.Durable;

/// <summary>One job (Core's <see cref="ProductJobWorkflow"/>); its instance id is the job's (<c>tenant|job</c>).</summary>
public sealed class ProductJobOrchestrator(ProductJobWorkflow workflow)
{
    [Function(nameof(ProductJobOrchestrator))]
    public Task<JobSummary> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        workflow.RunAsync(new DurableWorkflowContext(context), Input<JobRef>(context));

    internal static T Input<T>(TaskOrchestrationContext context) =>
        context.GetInput<T>() ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} has no {typeof(T).Name} input.");
}
