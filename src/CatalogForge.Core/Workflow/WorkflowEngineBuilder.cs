using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CatalogForge.Core.Workflow;

/// <summary>Registers workflows and activities with the embedded engine. Names come from the static <c>Name</c> members.</summary>
public sealed class WorkflowEngineBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Registers an orchestration; it is resolved from a new DI scope for every run.</summary>
    public WorkflowEngineBuilder AddWorkflow<TWorkflow, TInput, TOutput>()
        where TWorkflow : class, IWorkflow<TInput, TOutput>
    {
        Services.TryAddScoped<TWorkflow>();
        Services.AddSingleton<WorkflowRegistration>(new WorkflowRegistration<TWorkflow, TInput, TOutput>());
        return this;
    }

    /// <summary>Registers an activity; it is resolved from a new DI scope for every call.</summary>
    public WorkflowEngineBuilder AddActivity<TActivity, TInput, TOutput>()
        where TActivity : class, IActivity<TInput, TOutput>
    {
        Services.TryAddScoped<TActivity>();
        Services.AddSingleton<ActivityRegistration>(new ActivityRegistration<TActivity, TInput, TOutput>());
        return this;
    }
}
