using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Workflow;

/// <summary>A registered orchestration: resolves it from a DI scope and runs it with JSON in and out.</summary>
internal abstract class WorkflowRegistration(string name, Type type)
{
    public string Name { get; } = name;

    public Type Type { get; } = type;

    public abstract Task<string> RunAsync(IServiceProvider services, IWorkflowContext context, string inputJson);
}

internal sealed class WorkflowRegistration<TWorkflow, TInput, TOutput>()
    : WorkflowRegistration(TWorkflow.Name, typeof(TWorkflow))
    where TWorkflow : class, IWorkflow<TInput, TOutput>
{
    public override async Task<string> RunAsync(IServiceProvider services, IWorkflowContext context, string inputJson)
    {
        var workflow = services.GetRequiredService<TWorkflow>();
        var output = await workflow.RunAsync(context, WorkflowJson.Deserialize<TInput>(inputJson));
        return WorkflowJson.Serialize(output);
    }
}

/// <summary>A registered activity: resolves it from a DI scope and runs it with JSON in and out.</summary>
internal abstract class ActivityRegistration(string name, Type type)
{
    public string Name { get; } = name;

    public Type Type { get; } = type;

    public abstract Task<string> RunAsync(IServiceProvider services, string inputJson, CancellationToken ct);
}

internal sealed class ActivityRegistration<TActivity, TInput, TOutput>()
    : ActivityRegistration(TActivity.Name, typeof(TActivity))
    where TActivity : class, IActivity<TInput, TOutput>
{
    public override async Task<string> RunAsync(IServiceProvider services, string inputJson, CancellationToken ct)
    {
        var activity = services.GetRequiredService<TActivity>();
        var output = await activity.RunAsync(WorkflowJson.Deserialize<TInput>(inputJson), ct);
        return WorkflowJson.Serialize(output);
    }
}
