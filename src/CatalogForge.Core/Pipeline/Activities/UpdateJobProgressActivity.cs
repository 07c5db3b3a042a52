using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Writes the running totals (absolute, so a repeated write is harmless) to the job row after each chunk.</summary>
public sealed class UpdateJobProgressActivity(JobRepository jobs) : Orchestration.IActivity<JobProgressInput, bool>
{
    public static string Name => "UpdateJobProgress";

    public async Task<bool> RunAsync(JobProgressInput input, CancellationToken cancellationToken)
    {
        await jobs.UpdateAsync(input.Job.TenantId, input.Job.JobId, r =>
        {
            SetCounters(r, input.Totals);
            return true;
        }, cancellationToken);
        return true;
    }

    /// <summary>The job row's item counters and cost, as absolute values.</summary>
    public static void SetCounters(JobEntity row, ChunkResult totals)
    {
        row.Succeeded = totals.Succeeded;
        row.Failed = totals.Failed;
        row.Cancelled = totals.Cancelled;
        row.CostMicroUsd = totals.Cost.CostMicroUsd;
        row.InputTokens = totals.Cost.InputTokens;
        row.OutputTokens = totals.Cost.OutputTokens;
    }
}
