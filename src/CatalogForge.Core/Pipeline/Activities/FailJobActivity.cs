using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>When the job's own bookkeeping fails (not an item), the job ends <c>Failed</c> with the reason, never stuck Running.</summary>
public sealed class FailJobActivity(JobRepository jobs, TimeProvider time, ILogger<FailJobActivity> logger) : Orchestration.IActivity<FailJobInput, bool>
{
    public static string Name => "FailJob";

    public async Task<bool> RunAsync(FailJobInput input, CancellationToken cancellationToken)
    {
        logger.LogError("Job {JobId} of tenant {TenantId} failed with {ErrorClass}: {Message}",
            input.Job.JobId, input.Job.TenantId, input.ErrorClass, input.Message);
        await jobs.UpdateAsync(input.Job.TenantId, input.Job.JobId, r =>
        {
            r.JobStatus = JobStatus.Failed;
            r.ErrorsJson = JsonSerializer.Serialize(new[] { new ErrorSummary(input.ErrorClass, 1, input.Message) }, CatalogJson.Options);
            r.CompletedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);
        Telemetry.CatalogForgeMetrics.JobEntered(input.Job.TenantId, nameof(JobStatus.Failed));
        return true;
    }
}
