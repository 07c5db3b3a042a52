using System.Text.Json;
using CatalogForge.Core.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Alerts;

public enum AlertDeliveryKind
{
    /// <summary>Done: delivered, or failed for good at every webhook that failed (logged); delete the message.</summary>
    Done,

    /// <summary>A webhook failed with a passing fault: deliver the message again later.</summary>
    Retry,

    /// <summary>It can never succeed (not an alert), or its last delivery failed: to <c>alerts-poison</c> with the reason.</summary>
    Poison,
}

public sealed record AlertDeliveryOutcome(AlertDeliveryKind Kind, string Reason);

/// <summary>
/// Handles one <c>alerts</c> queue message for both hosts (the Server's listener, the Functions queue trigger): reads
/// and checks the <see cref="AlertMessage"/>, then POSTs it to every webhook of its tenant.
/// </summary>
public sealed class AlertDeliveryHandler(
    WebhookStore webhooks,
    WebhookSender sender,
    IOptions<AlertOptions> options,
    ILogger<AlertDeliveryHandler> logger)
{
    public async Task<AlertDeliveryOutcome> HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken)
    {
        if (AlertMessageReader.Read(messageText, out var invalid) is not { } alert)
        {
            return new AlertDeliveryOutcome(AlertDeliveryKind.Poison, invalid);
        }

        var targets = await webhooks.TargetsAsync(alert.TenantId, cancellationToken);
        if (targets.Count == 0)
        {
            logger.LogInformation("Alert {AlertId} of tenant {TenantId}: no webhook configured", alert.AlertId, alert.TenantId);
            return new AlertDeliveryOutcome(AlertDeliveryKind.Done, "No webhook configured.");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(alert, CatalogJson.Options);
        var results = await Task.WhenAll(targets.Select(target => sender.SendAsync(target, alert.AlertId, body, cancellationToken)));
        foreach (var result in results)
        {
            if (result.Status == WebhookDeliveryStatus.Delivered)
            {
                logger.LogInformation("Alert {AlertId} delivered to webhook {WebhookId} of tenant {TenantId} ({Detail}, attempt {Attempts})",
                    alert.AlertId, result.WebhookId, alert.TenantId, result.Detail, result.Attempts);
            }
            else if (result.IsPermanent)
            {
                logger.LogError("Alert {AlertId} can never reach webhook {WebhookId} of tenant {TenantId}: {Status} ({Detail})",
                    alert.AlertId, result.WebhookId, alert.TenantId, result.Status, result.Detail);
            }
        }

        var failed = results.Where(r => r.Status == WebhookDeliveryStatus.Failed).ToList();
        if (failed.Count == 0)
        {
            return new AlertDeliveryOutcome(AlertDeliveryKind.Done, $"{results.Count(r => r.Status == WebhookDeliveryStatus.Delivered)} of {results.Length} webhook(s) delivered.");
        }

        var reason = string.Join("; ", failed.Select(r => $"webhook {r.WebhookId}: {r.Detail} after {r.Attempts} attempt(s)"));
        return dequeueCount >= options.Value.MaxDequeueCount
            ? new AlertDeliveryOutcome(AlertDeliveryKind.Poison, $"Still failing after {dequeueCount} deliveries: {reason}")
            : new AlertDeliveryOutcome(AlertDeliveryKind.Retry, reason);
    }
}
