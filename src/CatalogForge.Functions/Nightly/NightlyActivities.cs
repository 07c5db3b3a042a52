using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Activities;
using CatalogForge.Core.Orchestration;
using CatalogForge.Functions.Durable;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Nightly;

/// <summary>The nightly run's Durable activity functions, one per Core activity (see <see cref="PipelineActivities"/>).</summary>
public sealed class NightlyActivities
{
    [Function("StartNightlyRunActivity")]
    public Task<ActivityOutcome<NightlyPlan>> StartNightlyRun([ActivityTrigger] NightlyRunInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<StartNightlyRunActivity, NightlyRunInput, NightlyPlan>(input, context);

    [Function("RefreshEmbeddingsActivity")]
    public Task<ActivityOutcome<EmbeddingRefreshResult>> RefreshEmbeddings([ActivityTrigger] NightlyRunInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<RefreshEmbeddingsActivity, NightlyRunInput, EmbeddingRefreshResult>(input, context);

    [Function("ProbePerceptionActivity")]
    public Task<ActivityOutcome<PerceptionProbeResult>> ProbePerception([ActivityTrigger] ComputeSnapshotInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<ProbePerceptionActivity, ComputeSnapshotInput, PerceptionProbeResult>(input, context);

    [Function("ComputeSnapshotActivity")]
    public Task<ActivityOutcome<SnapshotCounts>> ComputeSnapshot([ActivityTrigger] ComputeSnapshotInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<ComputeSnapshotActivity, ComputeSnapshotInput, SnapshotCounts>(input, context);

    [Function("RaiseAlertsActivity")]
    public Task<ActivityOutcome<int>> RaiseAlerts([ActivityTrigger] ComputeSnapshotInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<RaiseAlertsActivity, ComputeSnapshotInput, int>(input, context);

    [Function("PublishSnapshotActivity")]
    public Task<ActivityOutcome<int>> PublishSnapshot([ActivityTrigger] PublishInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<PublishSnapshotActivity, PublishInput, int>(input, context);

    [Function("FailNightlyRunActivity")]
    public Task<ActivityOutcome<bool>> FailNightlyRun([ActivityTrigger] FailNightlyRunInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<FailNightlyRunActivity, FailNightlyRunInput, bool>(input, context);
}
