using CatalogForge.Core.Orchestration;

namespace CatalogForge.Server.Engine;

public static class DurableTaskEngineExtensions
{
    /// <summary>
    /// The Server's orchestration engine: the Durable Task Framework (DurableTask.Core + the Azure Storage provider, the
    /// backend Durable Functions runs on) on CatalogForge's storage account, options in section <c>DurableTask</c>,
    /// running Core's orchestrations, with <see cref="IWorkflowClient"/> over its <c>TaskHubClient</c>.
    /// </summary>
    public static IHostApplicationBuilder AddDurableTaskEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DurableTaskEngineOptions>()
            .BindConfiguration(DurableTaskEngineOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TaskHub>();
        builder.Services.AddSingleton<IWorkflowClient, TaskHubWorkflowClient>();
        builder.Services.AddHostedService<DurableTaskWorkerService>();

        // The framework traces every message it moves at Information; its warnings and errors still show.
        builder.Logging.AddFilter("DurableTask", LogLevel.Warning);
        return builder;
    }
}
