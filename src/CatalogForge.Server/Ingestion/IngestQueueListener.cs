using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CatalogForge.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Ingestion;

/// <summary>
/// The Server's consumer of the <c>ingest</c> queue: receives as many messages as it has free slots
/// (<c>Ingestion:MaxConcurrentMessages</c>), renews each one's visibility while it is handled, then deletes it (accepted),
/// writes the poison envelope and deletes it (poison), or makes it visible again after <c>Ingestion:RetryDelay</c> (retry).
/// Empty polls back off exponentially. On stop it receives nothing more and cancels the work under way; those messages are
/// made visible again at once so the next host takes them (handling is idempotent).
/// </summary>
internal sealed class IngestQueueListener(
    QueueServiceClient queues,
    IIngestMessageProcessor processor,
    IngestPoisonWriter poison,
    IOptions<IngestListenerOptions> listenerOptions,
    IOptions<IngestionOptions> ingestionOptions,
    IngestListenerMetrics metrics,
    TimeProvider time,
    ILogger<IngestQueueListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = listenerOptions.Value;
        if (!settings.ListenerEnabled)
        {
            logger.LogInformation("Ingest queue listener disabled (Ingestion:ListenerEnabled = false)");
            return;
        }

        var queue = queues.GetQueueClient(ingestionOptions.Value.QueueName);
        var backoff = new IdleBackoff(settings.IdleDelayMin, settings.IdleDelayMax);
        using var slots = new SemaphoreSlim(settings.MaxConcurrentMessages, settings.MaxConcurrentMessages);
        var inFlight = new ConcurrentDictionary<string, Task>(StringComparer.Ordinal);
        logger.LogInformation("Ingest queue listener on {Queue}: up to {Max} messages at once, visibility {Visibility}",
            queue.Name, settings.MaxConcurrentMessages, settings.VisibilityTimeout);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < settings.MaxConcurrentMessages && slots.Wait(0))
                {
                    free++;
                }

                var messages = await ReceiveAsync(queue, free, settings.VisibilityTimeout, stoppingToken);
                if (messages.Length < free)
                {
                    slots.Release(free - messages.Length);
                }

                if (messages.Length == 0)
                {
                    var delay = backoff.Next();
                    metrics.EmptyPoll(delay);
                    await Task.Delay(delay, time, stoppingToken);
                    continue;
                }

                backoff.Reset();
                metrics.Receive(messages.Length);
                foreach (var message in messages)
                {
                    inFlight[message.MessageId] = RunAsync(queue, message, settings, slots, inFlight, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("Ingest queue listener stopping; {Count} message(s) in flight are released", inFlight.Count);
        }

        await Task.WhenAll(inFlight.Values);
    }

    /// <summary>Received messages, or none after a failed poll (logged; the idle back-off then spaces the next attempts).</summary>
    private async Task<QueueMessage[]> ReceiveAsync(QueueClient queue, int count, TimeSpan visibility, CancellationToken stoppingToken)
    {
        try
        {
            return (await queue.ReceiveMessagesAsync(count, visibility, stoppingToken)).Value;
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning("Polling ingest queue {Queue} failed (Storage, {Status} {ErrorCode}): {Message}",
                queue.Name, ex.Status, ex.ErrorCode, ex.Message);
            return [];
        }
    }

    private async Task RunAsync(QueueClient queue, QueueMessage message, IngestListenerOptions settings, SemaphoreSlim slots,
        ConcurrentDictionary<string, Task> inFlight, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await ProcessAsync(queue, message, settings, stoppingToken);
        }
        catch (RequestFailedException ex)
        {
            // Writing the poison envelope failed: the message stays and is delivered again after its visibility timeout.
            logger.LogError(ex, "Ingest message {MessageId} could not be settled (Storage, {Status} {ErrorCode})", message.MessageId, ex.Status, ex.ErrorCode);
        }
        finally
        {
            inFlight.TryRemove(message.MessageId, out _);
            slots.Release();
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueMessage message, IngestListenerOptions settings, CancellationToken stoppingToken)
    {
        var lease = MessageLease.Start(queue, message, settings.VisibilityTimeout, time, metrics, logger, stoppingToken);
        var text = message.Body.ToString();
        IngestOutcome outcome;
        try
        {
            outcome = await processor.HandleAsync(text, message.DequeueCount, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await SettleAsync(queue, message, await lease.StopAsync(), "release", pop => queue.UpdateMessageAsync(
                message.MessageId, pop, (string?)null, TimeSpan.Zero, CancellationToken.None));
            return;
        }
        catch (Exception ex)
        {
            // The handler classifies what it knows; this is a bug or an unforeseen failure. The message becomes visible
            // again when its visibility timeout ends and counts towards Ingestion:MaxDequeueCount.
            logger.LogError(ex, "Ingest message {MessageId} (delivery {DequeueCount}) failed unexpectedly (Unknown)", message.MessageId, message.DequeueCount);
            await lease.StopAsync();
            return;
        }

        var popReceipt = await lease.StopAsync();
        switch (outcome.Kind)
        {
            case IngestOutcomeKind.Accepted:
                await SettleAsync(queue, message, popReceipt, "delete", pop => queue.DeleteMessageAsync(message.MessageId, pop, CancellationToken.None));
                metrics.Accept();
                logger.LogInformation("Ingest message {MessageId} accepted: {Rows} rows, {Invalid} invalid, jobs {JobIds}",
                    message.MessageId, outcome.Rows, outcome.InvalidRows, outcome.JobIds);
                break;
            case IngestOutcomeKind.Poison:
                await poison.WriteAsync(text, outcome.Reason!, outcome.ErrorClass, message.DequeueCount, CancellationToken.None);
                await SettleAsync(queue, message, popReceipt, "delete", pop => queue.DeleteMessageAsync(message.MessageId, pop, CancellationToken.None));
                metrics.Poison();
                break;
            case IngestOutcomeKind.Retry:
                await SettleAsync(queue, message, popReceipt, "retry later", pop => queue.UpdateMessageAsync(
                    message.MessageId, pop, (string?)null, settings.RetryDelay, CancellationToken.None));
                metrics.Retry();
                break;
        }
    }

    /// <summary>The final delete or visibility update; a lost lease (404) means another delivery owns the message now.</summary>
    private async Task SettleAsync(QueueClient queue, QueueMessage message, string popReceipt, string action, Func<string, Task> settle)
    {
        try
        {
            await settle(popReceipt);
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning("Could not {Action} ingest message {MessageId} on {Queue} ({Status} {ErrorCode}); it may be delivered again",
                action, message.MessageId, queue.Name, ex.Status, ex.ErrorCode);
        }
    }
}
