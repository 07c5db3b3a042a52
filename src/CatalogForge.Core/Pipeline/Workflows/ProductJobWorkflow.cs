using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline.Activities;
using CatalogForge.Core.Orchestration;

namespace CatalogForge.Core.Pipeline.Workflows;

/// <summary>
/// One job: plan it, fan out over chunks of items (each a sub-workflow, so no history grows with the whole batch),
/// keep the job row's counters current, and finish with a recount. Item failures never fail the job. A retry round
/// (<see cref="JobRef.Round"/> &gt; 0) runs the same steps over the failed items only, counting on from the plan's baseline.
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

            var outcome = await WindowedFanOut.RunAsync(context, chunkCount, plan.ChunkWindow,
                chunk => RunChunkAsync(context, job, plan, chunk),
                async chunk =>
                {
                    totals = totals.Add(chunk.Result);
                    context.SetCustomStatus(new { totals.Succeeded, totals.Failed, totals.Cancelled, plan.ItemCount });
                    await context.CallActivityAsync<bool>(UpdateJobProgressActivity.Name,
                        new JobProgressInput(job, totals), $"progress/{chunk.Index:D5}");
                });

            if (outcome.Started < chunkCount)
            {
                var start = outcome.Started * plan.ChunkSize;
                await context.CallActivityAsync<int>(CancelItemsActivity.Name,
                    new CancelItemsInput(job, start, plan.ItemCount - start), "cancel-unstarted-chunks");
            }

            return await context.CallActivityAsync<JobSummary>(CompleteJobActivity.Name,
                new CompleteJobInput(job, context.IsCancellationRequested), "complete");
        }
        catch (ActivityFailedException ex)
        {
            await context.CallActivityAsync<bool>(FailJobActivity.Name, new FailJobInput(job, ex.ErrorClass, ex.ErrorMessage), "fail-job");
            return new JobSummary(JobStatus.Failed, 0, 0, 0);
        }
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
