using CatalogForge.Core.Jobs;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Writes the running totals (absolute, so a repeated write is harmless) to the job row after each chunk.</summary>
public sealed class UpdateJobProgressActivity(JobRepository jobs) : Workflow.IActivity<JobProgressInput, bool>
{
    public static string Name => "UpdateJobProgress";

    public async Task<bool> RunAsync(JobProgressInput input, CancellationToken cancellationToken)
    {
        var totals = input.Totals;
        await jobs.UpdateAsync(input.Job.TenantId, input.Job.JobId, r =>
        {
            r.Succeeded = totals.Succeeded;
            r.Failed = totals.Failed;
            r.Cancelled = totals.Cancelled;
            r.CostMicroUsd = totals.Cost.CostMicroUsd;
            r.InputTokens = totals.Cost.InputTokens;
            r.OutputTokens = totals.Cost.OutputTokens;
            return true;
        }, cancellationToken);
        return true;
    }
}
