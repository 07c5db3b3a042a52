using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// A crash between writing a job and starting its workflow leaves it Pending with no workflow. At start, the embedded
/// host starts every Pending job again, whatever its age (nothing else is starting jobs yet). A retry claimed just before
/// a crash is Pending too, so its round starts here. The Functions app sweeps on a timer instead.
/// </summary>
internal sealed class PendingJobRecovery(PendingJobSweeper sweeper, IOptions<Workflow.WorkflowEngineOptions> engineOptions) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (engineOptions.Value.ResumeOnStart)
        {
            await sweeper.SweepAsync(TimeSpan.Zero, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
