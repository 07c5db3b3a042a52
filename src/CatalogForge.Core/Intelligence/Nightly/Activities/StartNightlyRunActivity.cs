using CatalogForge.Core.Orchestration;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>Writes (or keeps, on a resumed run) the run row as Running and names the snapshot the run replaces.</summary>
public sealed class StartNightlyRunActivity(NightlySnapshotStore store, TimeProvider time) : IActivity<NightlyRunInput, NightlyPlan>
{
    public static string Name => "StartNightlyRun";

    public async Task<NightlyPlan> RunAsync(NightlyRunInput input, CancellationToken cancellationToken)
    {
        var existing = await store.Runs.GetEntityIfExistsAsync<NightlyRunEntity>(input.TenantId, input.RunDate, cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            return new NightlyPlan(existing.Value!.SnapshotId, existing.Value.PreviousSnapshotId);
        }

        var current = await store.CurrentAsync(input.TenantId, cancellationToken);
        var previous = current?.SnapshotId == input.RunDate ? null : current?.SnapshotId;
        await store.Runs.UpsertEntityAsync(new NightlyRunEntity
        {
            PartitionKey = input.TenantId,
            RowKey = input.RunDate,
            Status = NightlyRunStatus.Running,
            SnapshotId = input.RunDate,
            PreviousSnapshotId = previous,
            StartedAt = time.GetUtcNow(),
        }, cancellationToken: cancellationToken);
        return new NightlyPlan(input.RunDate, previous);
    }
}
