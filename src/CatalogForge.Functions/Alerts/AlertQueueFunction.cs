using Azure.Storage.Queues.Models;
using CatalogForge.Core.Alerts;
using CatalogForge.Core.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Alerts;

/// <summary>
/// The <c>alerts</c> queue, through Core's <see cref="AlertDeliveryHandler"/> (the Server's listener uses the same one).
/// Done: return, and the host deletes the message. Poison: the envelope with the reason goes to <c>alerts-poison</c>
/// (<see cref="AlertPoisonWriter"/>), then the message is deleted. Retry: throw, so the host delivers it again after the
/// visibility timeout; <c>Alerts:MaxDequeueCount</c> must not exceed host.json <c>maxDequeueCount</c>, so the last
/// delivery becomes a poison envelope with its reason.
/// </summary>
public sealed class AlertQueueFunction(AlertDeliveryHandler handler, AlertPoisonWriter poison, ILogger<AlertQueueFunction> logger)
{
    [Function("AlertQueue")]
    public async Task RunAsync(
        [QueueTrigger(StorageNames.Queues.Alerts, Connection = "AzureWebJobsStorage")] QueueMessage message,
        FunctionContext context)
    {
        var outcome = await handler.HandleAsync(message.MessageText, message.DequeueCount, context.CancellationToken);
        switch (outcome.Kind)
        {
            case AlertDeliveryKind.Done:
                logger.LogInformation("Alert message {MessageId}: {Reason}", message.MessageId, outcome.Reason);
                return;
            case AlertDeliveryKind.Poison:
                await poison.WriteAsync(message.MessageText, outcome.Reason, message.DequeueCount, context.CancellationToken);
                return;
            default:
                throw new AlertRetryException(message.MessageId, outcome.Reason);
        }
    }
}

/// <summary>Fails a delivery on purpose so the queue host delivers the message again; carries why.</summary>
public sealed class AlertRetryException(string messageId, string reason)
    : Exception($"Alert message {messageId} will be delivered again: {reason}");
