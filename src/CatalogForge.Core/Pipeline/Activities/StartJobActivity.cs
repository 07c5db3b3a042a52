using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>
/// Marks the job running and fixes its plan (chunking is decided once, here, so replays see the same plan). A retry
/// round first turns the failed items back to Pending and starts its counters from what the earlier rounds left. The plan
/// carries the row's cancel flag: a cancel made before this round's instance existed raised its event to no one.
/// </summary>
public sealed class StartJobActivity(
    JobRepository jobs, JobItemWriter items, JobItemCounter counter, IOptions<JobLimits> limits, TimeProvider time)
    : Orchestration.IActivity<JobRef, JobPlan>
{
    public static string Name => "StartJob";

    public async Task<JobPlan> RunAsync(JobRef job, CancellationToken cancellationToken)
    {
        var baseline = ChunkResult.Empty;
        if (job.Round > 0)
        {
            await items.ResetFailedAsync(job, cancellationToken);
            var tally = await counter.CountAsync(job.TenantId, job.JobId, cancellationToken);
            baseline = new ChunkResult(tally.Succeeded, tally.Failed, tally.Cancelled,
                new AiCost(tally.InputTokens, tally.OutputTokens, tally.CostMicroUsd));
        }

        var row = await jobs.UpdateAsync(job.TenantId, job.JobId, r =>
        {
            if (r.JobStatus != JobStatus.Pending)
            {
                return false;
            }

            r.JobStatus = JobStatus.Running;
            r.StartedAt = time.GetUtcNow();
            UpdateJobProgressActivity.SetCounters(r, baseline);
            return true;
        }, cancellationToken);
        Telemetry.CatalogForgeMetrics.JobEntered(job.TenantId, nameof(JobStatus.Running));

        var settings = limits.Value;
        return new JobPlan(row.JobKind, row.ItemCount, row.Images, row.Language,
            settings.ChunkSize, settings.ItemWindowPerChunk, settings.ChunkWindow, baseline, row.CancelRequested);
    }
}
