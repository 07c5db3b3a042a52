using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline.Activities;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Pipeline.Workflows;

/// <summary>
/// One job: plan it, fan out over chunks of items (each a sub-workflow, so no history grows with the whole batch),
/// keep the job row's counters current, and finish with a recount. Item failures never fail the job. A retry round
/// (<see cref="JobRef.Round"/> &gt; 0) runs the same steps over the failed items only, counting on from the plan's baseline.
/// A cancel that reached the job row before the round ran (its event then reached no one) comes with the plan: no
/// chunk starts. Whatever else goes wrong ends the job <c>Failed</c> with its reason (<see cref="FailJobActivity"/>),
/// never leaves it Running.
/// </summary>
public sealed class ProductJobWorkflow : IWorkflow<JobRef, JobSummary>
{
    public static string Name => "ProductJob";

    public async Task<JobSummary> RunAsync(IWorkflowContext context, JobRef job)
    {
        try
        {
            var plan = await context.CallActivityAsync<JobPlan>(StartJobActivity.Name, job, "start");
            var chunkCount = (plan.ItemCount + plan.ChunkSize - 1) / plan.ChunkSize;
            var totals = plan.Baseline ?? ChunkResult.Empty;

            var started = 0;
            if (plan.CancelRequested)
            {
                context.Logger.LogInformation("Workflow {InstanceId}: job {JobId} was cancelled before it started; no item runs",
                    context.InstanceId, job.JobId);
            }
            else
            {
                var outcome = await WindowedFanOut.RunAsync(context, chunkCount, plan.ChunkWindow,
                    chunk => RunChunkAsync(context, job, plan, chunk),
                    async chunk =>
                    {
                        totals = totals.Add(chunk.Result);
                        context.SetCustomStatus(new { totals.Succeeded, totals.Failed, totals.Cancelled, plan.ItemCount });
                        await context.CallActivityAsync<bool>(UpdateJobProgressActivity.Name,
                            new JobProgressInput(job, totals), $"progress/{chunk.Index:D5}");
                    });
                started = outcome.Started;
            }

            if (started < chunkCount)
            {
                var start = started * plan.ChunkSize;
                await context.CallActivityAsync<int>(CancelItemsActivity.Name,
                    new CancelItemsInput(job, start, plan.ItemCount - start), "cancel-unstarted-chunks");
            }

            return await context.CallActivityAsync<JobSummary>(CompleteJobActivity.Name,
                new CompleteJobInput(job, plan.CancelRequested || context.IsCancellationRequested), "complete");
        }
        catch (ActivityFailedException ex)
        {
            return await FailAsync(context, job, ex.ErrorClass, ex.ErrorMessage);
        }
        catch (Exception ex) when (UnexpectedException.MayCatch(ex))
        {
            context.Logger.LogError(ex, "Workflow {InstanceId}: job {JobId} of tenant {TenantId} stopped on an unexpected {ErrorType}",
                context.InstanceId, job.JobId, job.TenantId, ex.GetType().FullName);
            return await FailAsync(context, job, ErrorClass.Unknown, UnexpectedException.Describe(ex));
        }
    }

    private static async Task<JobSummary> FailAsync(IWorkflowContext context, JobRef job, ErrorClass errorClass, string message)
    {
        await context.CallActivityAsync<bool>(FailJobActivity.Name, new FailJobInput(job, errorClass, message), "fail-job");
        return new JobSummary(JobStatus.Failed, 0, 0, 0);
    }

    private static async Task<(int Index, ChunkResult Result)> RunChunkAsync(IWorkflowContext context, JobRef job, JobPlan plan, int chunk)
    {
        var start = chunk * plan.ChunkSize;
        var input = new ChunkInput(job, plan.Kind, plan.Images, plan.Language, start,
            Math.Min(plan.ChunkSize, plan.ItemCount - start), plan.ItemWindow);
        var result = await context.CallSubWorkflowAsync<ChunkResult>(ProductChunkWorkflow.Name, input, $"chunk/{chunk:D5}");
        return (chunk, result);
    }
}
