using CatalogForge.Core.Orchestration;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>Marks the run row Failed with its reason; the <c>current</c> pointer stays on the previous snapshot.</summary>
public sealed class FailNightlyRunActivity(NightlySnapshotStore store, TimeProvider time) : IActivity<FailNightlyRunInput, bool>
{
    public static string Name => "FailNightlyRun";

    public async Task<bool> RunAsync(FailNightlyRunInput input, CancellationToken cancellationToken)
    {
        await store.Runs.UpsertEntityAsync(new NightlyRunEntity
        {
            PartitionKey = input.Run.TenantId,
            RowKey = input.Run.RunDate,
            Status = NightlyRunStatus.Failed,
            SnapshotId = input.Run.RunDate,
            FinishedAt = time.GetUtcNow(),
            ErrorClass = input.ErrorClass,
            ErrorMessage = input.Message,
        }, Azure.Data.Tables.TableUpdateMode.Merge, cancellationToken);
        return true;
    }
}
