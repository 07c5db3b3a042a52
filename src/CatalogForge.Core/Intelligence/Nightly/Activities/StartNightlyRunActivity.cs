using CatalogForge.Core.Orchestration;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>
/// Writes (or keeps, on a resumed run or one whose row the refresh request wrote) the run row as Running and names the
/// snapshot the run replaces.
/// </summary>
public sealed class StartNightlyRunActivity(NightlySnapshotStore store, TimeProvider time) : IActivity<NightlyRunInput, NightlyPlan>
{
    public static string Name => "StartNightlyRun";

    public Task<NightlyPlan> RunAsync(NightlyRunInput input, CancellationToken cancellationToken) =>
        store.BeginRunAsync(input.TenantId, input.RunDate, time.GetUtcNow(), cancellationToken);
}
