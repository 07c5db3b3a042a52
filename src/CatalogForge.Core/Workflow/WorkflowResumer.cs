using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Host integration of the embedded engine. Start: re-runs instances a previous host left Running (when
/// <see cref="WorkflowEngineOptions.ResumeOnStart"/>), on the thread pool. <c>ApplicationStopping</c>: stop dispatching.
/// Stop: drain in-flight activities so their results are memoised, leaving unfinished instances Running.
/// </summary>
internal sealed class WorkflowResumer(
    WorkflowEngine engine,
    IHostApplicationLifetime lifetime,
    IOptions<WorkflowEngineOptions> options,
    ILogger<WorkflowResumer> logger) : IHostedService
{
    private CancellationTokenRegistration _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(engine.BeginShutdown);
        if (!options.Value.ResumeOnStart)
        {
            logger.LogInformation("Workflow resume on start is off");
            return;
        }

        var resumed = await engine.ResumePendingAsync(cancellationToken);
        logger.LogInformation("Workflow resumer resumed {Count} pending instances", resumed);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.DisposeAsync();
        await engine.ShutdownAsync(cancellationToken);
    }
}
