using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// A crash between writing a job and starting its workflow leaves it Pending with no workflow. At start, the embedded
/// host starts every Pending job again (idempotent: the workflow instance id is the job's and its round's). A retry
/// claimed just before a crash is Pending too, so its round starts here.
/// </summary>
internal sealed class PendingJobRecovery(
    CatalogTables tables,
    JobService jobs,
    IOptions<Workflow.WorkflowEngineOptions> engineOptions,
    ILogger<PendingJobRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!engineOptions.Value.ResumeOnStart)
        {
            return;
        }

        var filter = TableClient.CreateQueryFilter($"Status eq {nameof(JobStatus.Pending)}");
        var started = 0;
        await foreach (var job in tables.Jobs.QueryAsync<JobEntity>(filter, select: ["PartitionKey", "RowKey", "Priority", nameof(JobEntity.RetryRound)], cancellationToken: cancellationToken))
        {
            await jobs.StartAsync(job.PartitionKey, job.RowKey, Enum.Parse<JobPriority>(job.Priority), job.RetryRound, cancellationToken);
            started++;
        }

        if (started > 0)
        {
            logger.LogInformation("Started workflows for {Count} pending job(s) found at start-up", started);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
