using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Workflow;

/// <summary>The singletons every <see cref="EmbeddedWorkflowContext"/> needs, in one place.</summary>
internal sealed class WorkflowRuntime(
    WorkflowRegistry registry,
    WorkflowHistoryStore history,
    ActivityExecutor activities,
    WorkflowEngineLifetime lifetime,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<EmbeddedWorkflowContext> logger)
{
    private long _instancesStarted;

    public WorkflowRegistry Registry { get; } = registry;

    public WorkflowHistoryStore History { get; } = history;

    public ActivityExecutor Activities { get; } = activities;

    public WorkflowEngineLifetime Lifetime { get; } = lifetime;

    public IServiceScopeFactory Scopes { get; } = scopes;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    /// <summary>The next instance start sequence of this process (see <see cref="ActivityDispatch.Order"/>).</summary>
    public long NextInstanceOrder() => Interlocked.Increment(ref _instancesStarted);
}
