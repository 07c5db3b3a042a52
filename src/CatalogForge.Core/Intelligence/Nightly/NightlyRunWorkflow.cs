using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence.Nightly.Activities;
using CatalogForge.Core.Orchestration;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>
/// One tenant's nightly run (instance <c>{tenant}|nightly|{yyyyMMdd}</c>): start the run row → re-embed what changed →
/// ask the brand perception probes → compute and write the whole snapshot → raise its alerts → move the <c>current</c>
/// pointer, delete old snapshots, finish the run row. Each step is an activity, so a crash resumes at the step it interrupted and repeats no finished
/// model call; until the pointer moves, readers see the previous snapshot. A failure ends the run Failed with its reason.
/// </summary>
public sealed class NightlyRunWorkflow : IWorkflow<NightlyRunInput, NightlyRunSummary>
{
    public static string Name => "NightlyRun";

    public async Task<NightlyRunSummary> RunAsync(IWorkflowContext context, NightlyRunInput input)
    {
        try
        {
            var plan = await context.CallActivityAsync<NightlyPlan>(StartNightlyRunActivity.Name, input, "start");
            var embeddings = await context.CallActivityAsync<EmbeddingRefreshResult>(RefreshEmbeddingsActivity.Name, input, "embed");
            var snapshot = new ComputeSnapshotInput(input, plan);
            var perception = await context.CallActivityAsync<PerceptionProbeResult>(ProbePerceptionActivity.Name, snapshot, "perception");
            var counts = await context.CallActivityAsync<SnapshotCounts>(ComputeSnapshotActivity.Name, snapshot, "compute");
            await context.CallActivityAsync<int>(RaiseAlertsActivity.Name, snapshot, "alerts");
            await context.CallActivityAsync<int>(PublishSnapshotActivity.Name, new PublishInput(input, plan, embeddings, counts, perception), "publish");
            return new NightlyRunSummary(NightlyRunStatus.Completed, plan.SnapshotId, counts);
        }
        catch (ActivityFailedException ex)
        {
            return await FailAsync(context, input, ex.ErrorClass, ex.ErrorMessage);
        }
        catch (Exception ex) when (UnexpectedException.MayCatch(ex))
        {
            context.Logger.LogError(ex, "Workflow {InstanceId}: the nightly run of tenant {TenantId} stopped on an unexpected {ErrorType}",
                context.InstanceId, input.TenantId, ex.GetType().FullName);
            return await FailAsync(context, input, ErrorClass.Unknown, UnexpectedException.Describe(ex));
        }
    }

    private static async Task<NightlyRunSummary> FailAsync(IWorkflowContext context, NightlyRunInput input, ErrorClass errorClass, string message)
    {
        await context.CallActivityAsync<bool>(FailNightlyRunActivity.Name,
            new FailNightlyRunInput(input, errorClass.ToString(), message), "fail");
        return new NightlyRunSummary(NightlyRunStatus.Failed, input.RunDate, null);
    }
}
