using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CatalogForge.Core.Alerts;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Ingestion;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Alerts;

/// <summary>
/// The Server's consumer of the <c>alerts</c> queue over Core's <see cref="AlertDeliveryHandler"/>: receives a batch
/// (visibility <see cref="AlertListenerOptions.VisibilityTimeout"/>, longer than a delivery's retries), handles each
/// message, then deletes it (done), writes the poison envelope and deletes it (poison), or leaves it to come back when its
/// visibility ends (retry). Messages are received raw and decoded here, so one that is not Base64 is poison with its
/// reason. Empty polls back off up to <see cref="AlertListenerOptions.IdleDelayMax"/>; a failed poll or any other fault is
/// logged and the loop goes on after the same back-off: nothing but the host stopping ends it.
/// </summary>
internal sealed class AlertQueueListener(
    IAzureClientFactory<QueueServiceClient> queueClients,
    AlertDeliveryHandler handler,
    AlertPoisonWriter poison,
    IOptions<AlertListenerOptions> options,
    ILogger<AlertQueueListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.ListenerEnabled)
        {
            logger.LogInformation("Alert queue listener disabled (Alerts:ListenerEnabled = false)");
            return;
        }

        var queue = queueClients.CreateClient(IngestionHostingExtensions.RawQueueClientName).GetQueueClient(StorageNames.Queues.Alerts);
        var idle = new IdleBackoff(settings.IdleDelayMin, settings.IdleDelayMax);
        logger.LogInformation("Alert queue listener on {Queue}", queue.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                QueueMessage[] messages = await queue.ReceiveMessagesAsync(settings.BatchSize, settings.VisibilityTimeout, stoppingToken);
                if (messages.Length == 0)
                {
                    await Task.Delay(idle.Next(), stoppingToken);
                    continue;
                }

                idle.Reset();
                await Task.WhenAll(messages.Select(message => SettleAsync(queue, message, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Alert queue poll failed; the listener goes on after a back-off");
                await DelayQuietlyAsync(idle.Next(), stoppingToken);
            }
        }
    }

    private async Task SettleAsync(QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            var outcome = IngestMessageText.TryDecode(message.MessageText, out var text, out var undecodable)
                ? await handler.HandleAsync(text, message.DequeueCount, stoppingToken)
                : new AlertDeliveryOutcome(AlertDeliveryKind.Poison, undecodable);
            switch (outcome.Kind)
            {
                case AlertDeliveryKind.Done:
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
                    break;
                case AlertDeliveryKind.Poison:
                    await poison.WriteAsync(text.Length > 0 ? text : message.MessageText, outcome.Reason, message.DequeueCount, stoppingToken);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
                    break;
                default:
                    logger.LogWarning("Alert message {MessageId} comes back after its visibility timeout: {Reason}", message.MessageId, outcome.Reason);
                    break;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the message comes back after its visibility timeout and is delivered by the next host.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Alert message {MessageId} could not be handled; it comes back after its visibility timeout", message.MessageId);
        }
    }

    private static async Task DelayQuietlyAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // The loop condition sees the stop.
        }
    }
}
