using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Recounts the items (the truth), and gives the job its final status, counters, cost and error summary.</summary>
public sealed class CompleteJobActivity(JobRepository jobs, JobItemCounter counter, TimeProvider time, ILogger<CompleteJobActivity> logger)
    : Orchestration.IActivity<CompleteJobInput, JobSummary>
{
    public static string Name => "CompleteJob";

    public async Task<JobSummary> RunAsync(CompleteJobInput input, CancellationToken cancellationToken)
    {
        var tally = await counter.CountAsync(input.Job.TenantId, input.Job.JobId, cancellationToken);
        var status = FinalStatus(tally, input.CancellationRequested);
        await jobs.UpdateAsync(input.Job.TenantId, input.Job.JobId, r =>
        {
            r.JobStatus = status;
            r.Succeeded = tally.Succeeded;
            r.Failed = tally.Failed;
            r.Cancelled = tally.Cancelled;
            r.CostMicroUsd = tally.CostMicroUsd;
            r.InputTokens = tally.InputTokens;
            r.OutputTokens = tally.OutputTokens;
            r.ErrorsJson = JsonSerializer.Serialize(tally.Errors, CatalogJson.Options);
            r.CompletedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);
        logger.LogInformation("Job {JobId} of tenant {TenantId} ended {Status}: {Succeeded} succeeded, {Failed} failed, {Cancelled} cancelled",
            input.Job.JobId, input.Job.TenantId, status, tally.Succeeded, tally.Failed, tally.Cancelled);
        Telemetry.CatalogForgeMetrics.JobEntered(input.Job.TenantId, status.ToString());
        return new JobSummary(status, tally.Succeeded, tally.Failed, tally.Cancelled);
    }

    /// <summary>
    /// Failed only when nothing succeeded; some failures make CompletedWithErrors; a cancel wins over both. Items are
    /// only ever cancelled by a cancel, so a job that has some stays Cancelled after a retry round of its failed items.
    /// </summary>
    public static JobStatus FinalStatus(ItemTally tally, bool cancellationRequested) =>
        tally.Cancelled > 0 ? JobStatus.Cancelled
        : tally.Failed > 0 && tally.Succeeded == 0 ? JobStatus.Failed
        : tally.Failed > 0 ? JobStatus.CompletedWithErrors
        : cancellationRequested ? JobStatus.Cancelled
        : JobStatus.Completed;
}
