using System.Text.Json;
using Azure.Storage.Queues;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>
/// One <c>NightlyAlerts</c> row per alert of the snapshot's insights (<c>{snapshotId}-{nnn}</c>: a resumed run rewrites
/// the same rows) and one message per alert on the <c>alerts</c> queue. The queue is at least once: a run resumed after
/// this step crashed may send a message again, with the same alert id.
/// </summary>
public sealed class RaiseAlertsActivity(NightlySnapshotStore store, QueueServiceClient queues, TimeProvider time)
    : IActivity<ComputeSnapshotInput, int>
{
    public static string Name => "RaiseAlerts";

    public async Task<int> RunAsync(ComputeSnapshotInput input, CancellationToken cancellationToken)
    {
        var (tenantId, snapshotId) = (input.Run.TenantId, input.Plan.SnapshotId);
        var insights = await store.ReadAsync<NightlyInsights>(tenantId, snapshotId, NightlySnapshotStore.Insights, cancellationToken)
            ?? throw new ClassifiedException(ErrorClass.Storage, $"insights.json of snapshot {snapshotId} of tenant {tenantId} is missing.");
        var queue = queues.GetQueueClient(StorageNames.Queues.Alerts);
        var now = time.GetUtcNow();
        for (var i = 0; i < insights.Alerts.Count; i++)
        {
            var alert = insights.Alerts[i];
            var row = new NightlyAlertEntity
            {
                PartitionKey = tenantId,
                RowKey = $"{snapshotId}-{i:D3}",
                SnapshotId = snapshotId,
                Rule = alert.Rule,
                Value = alert.Value,
                Threshold = alert.Threshold,
                Message = alert.Message,
                RaisedAt = now,
            };
            await store.Alerts.UpsertEntityAsync(row, cancellationToken: cancellationToken);
            await queue.SendMessageAsync(JsonSerializer.Serialize(new
            {
                tenantId,
                alertId = row.RowKey,
                snapshotId,
                alert.Rule,
                alert.Value,
                alert.Threshold,
                alert.Message,
            }, CatalogJson.Options), cancellationToken);
        }

        return insights.Alerts.Count;
    }
}
