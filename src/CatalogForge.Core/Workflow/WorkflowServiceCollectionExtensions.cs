using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CatalogForge.Core.Workflow;

public static class WorkflowServiceCollectionExtensions
{
    /// <summary>
    /// Adds the embedded workflow engine: <see cref="IWorkflowEngine"/>, options from section <c>Workflow</c> (validated
    /// at start) and the hosted resumer. Needs a <c>TableServiceClient</c> in DI. Safe to call from several modules;
    /// chain <c>AddWorkflow</c> / <c>AddActivity</c> on the returned builder.
    /// </summary>
    public static WorkflowEngineBuilder AddWorkflowEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddLogging();
        services.AddOptions<WorkflowEngineOptions>()
            .Bind(configuration.GetSection(WorkflowEngineOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkflowRegistry>();
        services.TryAddSingleton<WorkflowInstanceStore>();
        services.TryAddSingleton<WorkflowHistoryStore>();
        services.TryAddSingleton<WorkflowEngineLifetime>();
        services.TryAddSingleton<ActivityScheduler>();
        services.TryAddSingleton<ActivityExecutor>();
        services.TryAddSingleton<WorkflowRuntime>();
        services.TryAddSingleton<WorkflowEngine>();
        services.TryAddSingleton<IWorkflowEngine>(sp => sp.GetRequiredService<WorkflowEngine>());
        services.AddHostedService<WorkflowResumer>();
        return new WorkflowEngineBuilder(services);
    }
}
