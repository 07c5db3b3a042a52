namespace CatalogForge.Core.Orchestration;

/// <summary>An orchestration written once against <see cref="IWorkflowContext"/>; <see cref="WorkflowOrchestrator{TWorkflow, TInput, TOutput}"/> runs it on the Durable Task engine.</summary>
public interface IWorkflow<TInput, TOutput>
{
    static abstract string Name { get; }

    Task<TOutput> RunAsync(IWorkflowContext context, TInput input);
}

/// <summary>One side-effecting step. Inputs and outputs are small JSON-serialisable records (ids and refs, never big payloads).</summary>
public interface IActivity<TInput, TOutput>
{
    static abstract string Name { get; }

    Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken);
}
