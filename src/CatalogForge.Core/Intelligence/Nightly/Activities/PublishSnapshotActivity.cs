using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>
/// Moves the tenant's <c>current</c> pointer to the snapshot just written (ETag-guarded), deletes the snapshots older
/// than <see cref="NightlyOptions.KeepDays"/> (never the current one), and finishes the run row with its counts and cost
/// (embeddings and perception probes); the run's end is counted once, not again by a resumed run.
/// </summary>
public sealed class PublishSnapshotActivity(NightlySnapshotStore store, IOptions<NightlyOptions> options, TimeProvider time)
    : IActivity<PublishInput, int>
{
    public static string Name => "PublishSnapshot";

    public async Task<int> RunAsync(PublishInput input, CancellationToken cancellationToken)
    {
        var (tenantId, snapshotId) = (input.Run.TenantId, input.Plan.SnapshotId);
        var now = time.GetUtcNow();
        await store.MovePointerAsync(tenantId, snapshotId, input.Plan.PreviousSnapshotId, now, cancellationToken);

        var cutoff = NightlyIds.PruneCutoff(input.Run.RunDate, options.Value.KeepDays);
        var deleted = await store.DeleteOlderThanAsync(tenantId, cutoff, new HashSet<string> { snapshotId }, cancellationToken);

        var run = (await store.Runs.GetEntityAsync<NightlyRunEntity>(tenantId, input.Run.RunDate, cancellationToken: cancellationToken)).Value;
        var endsNow = run.Status != NightlyRunStatus.Completed;
        run.Status = NightlyRunStatus.Completed;
        run.FinishedAt = now;
        run.Products = input.Counts.Products;
        run.Reembedded = input.Embeddings.Reembedded;
        run.EmbedFailures = input.Embeddings.Failed;
        run.NearDuplicatePairs = input.Counts.NearDuplicatePairs;
        run.Clusters = input.Counts.Clusters;
        run.NewClusters = input.Counts.NewClusters;
        run.RiskScore = input.Counts.RiskScore;
        run.Alerts = input.Counts.Alerts;
        run.InputTokens = input.Embeddings.InputTokens + (input.Perception?.InputTokens ?? 0);
        run.CostMicroUsd = input.Embeddings.CostMicroUsd + (input.Perception?.CostMicroUsd ?? 0);
        run.ErrorClass = null;
        run.ErrorMessage = null;
        await store.Runs.UpdateEntityAsync(run, run.ETag, cancellationToken: cancellationToken);
        if (endsNow)
        {
            CatalogForgeMetrics.NightlyRunEnded(tenantId, NightlyRunStatus.Completed, now - run.StartedAt, errorClass: null);
        }

        return deleted;
    }
}
