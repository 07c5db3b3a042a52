using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Marks the job running and fixes its plan (chunking is decided once, here, so replays see the same plan).</summary>
public sealed class StartJobActivity(JobRepository jobs, IOptions<JobLimits> limits, TimeProvider time) : Workflow.IActivity<JobRef, JobPlan>
{
    public static string Name => "StartJob";

    public async Task<JobPlan> RunAsync(JobRef job, CancellationToken cancellationToken)
    {
        var row = await jobs.UpdateAsync(job.TenantId, job.JobId, r =>
        {
            if (r.Status != nameof(JobStatus.Pending))
            {
                return false;
            }

            r.Status = nameof(JobStatus.Running);
            r.StartedAt = time.GetUtcNow();
            return true;
        }, cancellationToken);

        var settings = limits.Value;
        return new JobPlan(Enum.Parse<JobKind>(row.Kind), row.ItemCount, row.Images, row.Language,
            settings.ChunkSize, settings.ItemWindowPerChunk, settings.ChunkWindow);
    }
}
