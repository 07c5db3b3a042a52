using System.Text.Json;
using Azure.Storage.Queues;
using CatalogForge.Core.Alerts;
using CatalogForge.Core.Intelligence.Alerts;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Intelligence.Nightly.Activities;

/// <summary>
/// One <c>NightlyAlerts</c> row per alert of the snapshot's insights (<c>{snapshotId}-{nnn}</c>: a resumed run rewrites
/// the same rows) and one message per alert on the <c>alerts</c> queue. The queue is at least once: a run resumed after
/// this step crashed may send a message again, with the same alert id (<see cref="AlertMessage"/>, delivered to webhooks).
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
            await queue.SendMessageAsync(JsonSerializer.Serialize(ToMessage(tenantId, snapshotId, row.RowKey, alert, now), CatalogJson.Options),
                cancellationToken);
        }

        return insights.Alerts.Count;
    }

    /// <summary>The <c>alerts</c> queue's format, read and delivered to the tenant's webhooks by the alert delivery handler.</summary>
    internal static AlertMessage ToMessage(string tenantId, string snapshotId, string rowKey, TriggeredAlert alert, DateTimeOffset now) => new()
    {
        AlertId = $"{tenantId}:{rowKey}",
        TenantId = tenantId,
        Rule = alert.Rule,
        Severity = alert.Rule == AlertRules.Risk ? "critical" : "warning",
        Title = alert.Message.Length <= 200 ? alert.Message : alert.Message[..199] + "…",
        Detail = $"{alert.Rule}: {alert.Value:0.####} against the threshold {alert.Threshold:0.####}.",
        Values = new Dictionary<string, double> { ["value"] = alert.Value, ["threshold"] = alert.Threshold },
        SnapshotId = snapshotId,
        CreatedAt = now,
    };
}
