using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// Every orchestrator and activity Core defines, under its Durable name. A host that owns its worker (the Server)
/// registers these with its engine; the Functions app declares one function per entry, and a test keeps the two equal.
/// </summary>
public sealed class OrchestrationCatalog
{
    private readonly List<OrchestratorEntry> _orchestrators = [];
    private readonly List<ActivityEntry> _activities = [];

    public IReadOnlyList<OrchestratorEntry> Orchestrators => _orchestrators;

    public IReadOnlyList<ActivityEntry> Activities => _activities;

    /// <summary>The activity types, for the DI registrations that resolve them per run.</summary>
    public IEnumerable<Type> ActivityTypes => _activities.Select(a => a.Type);

    public OrchestrationCatalog AddWorkflow<TWorkflow, TInput, TOutput>()
        where TWorkflow : IWorkflow<TInput, TOutput>, new()
    {
        _orchestrators.Add(new OrchestratorEntry(
            DurableNames.Orchestrator(TWorkflow.Name), () => new WorkflowOrchestrator<TWorkflow, TInput, TOutput>()));
        return this;
    }

    public OrchestrationCatalog AddActivity<TActivity, TInput, TOutput>()
        where TActivity : class, IActivity<TInput, TOutput>
    {
        _activities.Add(new ActivityEntry(
            DurableNames.Activity(TActivity.Name),
            typeof(TActivity),
            (scopes, stopping) => new ScopedActivity<TActivity, TInput, TOutput>(scopes, stopping)));
        return this;
    }

    public sealed record OrchestratorEntry(string Name, Func<ITaskOrchestrator> Create);

    public sealed record ActivityEntry(string Name, Type Type, Func<IServiceScopeFactory, CancellationToken, ITaskActivity> Create);
}
