using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Telemetry;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>
/// Marks the run row Failed with its reason and counts the run's end (its duration from the row's start, when the run got
/// that far); the <c>current</c> pointer stays on the previous snapshot.
/// </summary>
public sealed class FailNightlyRunActivity(NightlySnapshotStore store, TimeProvider time) : IActivity<FailNightlyRunInput, bool>
{
    public static string Name => "FailNightlyRun";

    public async Task<bool> RunAsync(FailNightlyRunInput input, CancellationToken cancellationToken)
    {
        var existing = await store.Runs.GetEntityIfExistsAsync<NightlyRunEntity>(input.Run.TenantId, input.Run.RunDate, cancellationToken: cancellationToken);
        var started = existing.HasValue ? existing.Value : null;
        var now = time.GetUtcNow();
        await store.Runs.UpsertEntityAsync(new NightlyRunEntity
        {
            PartitionKey = input.Run.TenantId,
            RowKey = input.Run.RunDate,
            Status = NightlyRunStatus.Failed,
            SnapshotId = input.Run.RunDate,
            StartedAt = started?.StartedAt ?? now, // a merge writes every column: keep the start the run row has
            FinishedAt = now,
            ErrorClass = input.ErrorClass,
            ErrorMessage = input.Message,
        }, Azure.Data.Tables.TableUpdateMode.Merge, cancellationToken);
        if (started?.Status != NightlyRunStatus.Failed)
        {
            CatalogForgeMetrics.NightlyRunEnded(input.Run.TenantId, NightlyRunStatus.Failed, now - started?.StartedAt, input.ErrorClass);
        }

        return true;
    }
}
