using Microsoft.DurableTask;

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// A Core workflow as a <c>Microsoft.DurableTask</c> orchestrator: the same class runs under Durable Functions (called
/// from an <c>[OrchestrationTrigger]</c> function) and in the Server's Durable Task Framework worker (through the
/// public shims). Workflows hold no state, so each execution gets a new one.
/// </summary>
public sealed class WorkflowOrchestrator<TWorkflow, TInput, TOutput> : TaskOrchestrator<TInput, TOutput>
    where TWorkflow : IWorkflow<TInput, TOutput>, new()
{
    public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input is null)
        {
            throw new InvalidOperationException($"Orchestration {context.InstanceId} ({TWorkflow.Name}) has no {typeof(TInput).Name} input.");
        }

        Telemetry.CatalogForgeTelemetry.TagCurrent(input);
        return new TWorkflow().RunAsync(new DurableWorkflowContext(context), input);
    }
}
