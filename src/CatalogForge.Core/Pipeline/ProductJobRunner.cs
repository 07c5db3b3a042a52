using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Pipeline.Workflows;

namespace CatalogForge.Core.Pipeline;

/// <summary>A job's rounds as <see cref="ProductJobWorkflow"/> instances, one per round (<see cref="ProductIds.JobInstanceId"/>).</summary>
public sealed class ProductJobRunner(IWorkflowClient workflows) : IJobRunner
{
    public Task StartAsync(string tenantId, string jobId, JobPriority priority, int round, CancellationToken cancellationToken) =>
        workflows.StartAsync(ProductJobWorkflow.Name, ProductIds.JobInstanceId(tenantId, jobId, round),
            new JobRef(tenantId, jobId, round, priority), cancellationToken);

    public Task RequestCancelAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken) =>
        workflows.RaiseCancelAsync(ProductIds.JobInstanceId(tenantId, jobId, round), cancellationToken);

    public async Task<RoundState> GetRoundStateAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken) =>
        await workflows.GetAsync(ProductIds.JobInstanceId(tenantId, jobId, round), cancellationToken) switch
        {
            null => RoundState.NotStarted,
            { IsTerminal: true } => RoundState.Ended,
            _ => RoundState.Running,
        };
}
