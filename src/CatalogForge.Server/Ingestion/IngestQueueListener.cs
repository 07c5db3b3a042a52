using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Ingestion;

/// <summary>
/// The Server's consumer of the <c>ingest</c> queue: receives as many messages as it has free slots
/// (<c>Ingestion:MaxConcurrentMessages</c>), renews each one's visibility while it is handled, then deletes it (accepted),
/// writes the poison envelope and deletes it (poison), or makes it visible again after <c>Ingestion:RetryDelay</c> (retry).
/// Empty polls back off exponentially. On stop it receives nothing more and cancels the work under way; those messages are
/// made visible again at once so the next host takes them (handling is idempotent).
/// </summary>
/// <remarks>
/// Nothing but the host stopping ends the loop. Messages are received raw and decoded here, so one that is not Base64 is
/// poison like any message that can never be processed. A failed poll (storage unreachable, the queue missing) is logged,
/// classified and counted, and the next one waits <c>Ingestion:ErrorDelayMin</c>, doubling up to <c>ErrorDelayMax</c>, until
/// a poll succeeds. A message that cannot be settled is left to come back after its visibility timeout. Anything else that
/// escapes the loop is logged as a fault and the loop starts over after the same bounded back-off.
/// </remarks>
internal sealed class IngestQueueListener(
    IAzureClientFactory<QueueServiceClient> queueClients,
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

        var queue = queueClients.CreateClient(IngestionHostingExtensions.RawQueueClientName).GetQueueClient(ingestionOptions.Value.QueueName);
        var state = new LoopState(settings);
        logger.LogInformation("Ingest queue listener on {Queue}: up to {Max} messages at once, visibility {Visibility}",
            queue.Name, settings.MaxConcurrentMessages, settings.VisibilityTimeout);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(queue, settings, state, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Not a storage failure (PollAsync handles those): a fault of the loop itself. Ingestion must not stop
                // silently, nor take the host down with it: log it and start over.
                var errorClass = ListenerErrors.Classify(ex);
                var delay = state.Errors.Next();
                metrics.LoopFault(errorClass, delay);
                logger.LogError(ex, "Ingest queue listener on {Queue} faulted ({ErrorClass}); starting over in {Delay}", queue.Name, errorClass, delay);
                if (!await DelayAsync(delay, stoppingToken))
                {
                    break;
                }
            }
        }

        logger.LogInformation("Ingest queue listener stopping; {Count} message(s) in flight are released", state.InFlight.Count);
        await Task.WhenAll(state.InFlight.Values);
        state.Slots.Dispose();
    }

    /// <summary>Receives and dispatches until the host stops; a failed poll is logged and waited out, never thrown.</summary>
    private async Task PollAsync(QueueClient queue, IngestListenerOptions settings, LoopState state, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await state.Slots.WaitAsync(stoppingToken);
            var free = 1;
            while (free < settings.MaxConcurrentMessages && state.Slots.Wait(0))
            {
                free++;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(free, settings.VisibilityTimeout, stoppingToken)).Value;
            }
            catch (Exception ex)
            {
                state.Slots.Release(free);
                if (stoppingToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(stoppingToken);
                }

                if (!await PollFailedAsync(queue, ex, state, stoppingToken))
                {
                    return;
                }

                continue;
            }

            if (state.FailedPolls > 0)
            {
                logger.LogInformation("Polling ingest queue {Queue} works again after {Failures} failed poll(s) over {Elapsed}",
                    queue.Name, state.FailedPolls, state.FailingFor.Elapsed);
                state.FailedPolls = 0;
                state.Errors.Reset();
            }

            if (messages.Length < free)
            {
                state.Slots.Release(free - messages.Length);
            }

            if (messages.Length == 0)
            {
                var delay = state.Idle.Next();
                metrics.EmptyPoll(delay);
                await Task.Delay(delay, time, stoppingToken);
                continue;
            }

            state.Idle.Reset();
            metrics.Receive(messages.Length);
            foreach (var message in messages)
            {
                state.InFlight[message.MessageId] = RunAsync(queue, message, settings, state, stoppingToken);
            }
        }
    }

    /// <summary>Logs, classifies and counts a failed poll, then waits the error back-off; false when the host stops meanwhile.</summary>
    private async Task<bool> PollFailedAsync(QueueClient queue, Exception ex, LoopState state, CancellationToken stoppingToken)
    {
        var errorClass = ListenerErrors.Classify(ex);
        var delay = state.Errors.Next();
        if (state.FailedPolls++ == 0)
        {
            state.FailingFor.Restart();
        }

        metrics.PollFailed(errorClass, delay);
        if (errorClass == ErrorClass.NotFound)
        {
            // Queues are provisioned by infra or by Storage:InitializeOnStart, never from here: wait until the queue is back.
            logger.LogWarning("Polling ingest queue {Queue} failed: the queue does not exist (failure {Failures} in a row, {Error}); " +
                              "next poll in {Delay}", queue.Name, state.FailedPolls, ListenerErrors.Describe(ex), delay);
        }
        else if (state.FailedPolls == 1 || errorClass == ErrorClass.Unknown)
        {
            logger.LogWarning(ex, "Polling ingest queue {Queue} failed ({ErrorClass}, failure {Failures} in a row, {Error}); next poll in {Delay}",
                queue.Name, errorClass, state.FailedPolls, ListenerErrors.Describe(ex), delay);
        }
        else
        {
            logger.LogWarning("Polling ingest queue {Queue} failed ({ErrorClass}, failure {Failures} in a row, {Error}); next poll in {Delay}",
                queue.Name, errorClass, state.FailedPolls, ListenerErrors.Describe(ex), delay);
        }

        return await DelayAsync(delay, stoppingToken);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Handles one message; never throws, and always gives its slot back.</summary>
    private async Task RunAsync(QueueClient queue, QueueMessage message, IngestListenerOptions settings, LoopState state, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await ProcessAsync(queue, message, settings, stoppingToken);
        }
        catch (Exception ex)
        {
            // Writing the poison envelope failed, or something unforeseen: the message stays and is delivered again after its
            // visibility timeout (and counts towards Ingestion:MaxDequeueCount).
            var errorClass = ListenerErrors.Classify(ex);
            metrics.SettleFailed(errorClass);
            logger.LogError(ex, "Ingest message {MessageId} (delivery {DequeueCount}) could not be settled ({ErrorClass}, {Error}); it is delivered again",
                message.MessageId, message.DequeueCount, errorClass, ListenerErrors.Describe(ex));
        }
        finally
        {
            state.InFlight.TryRemove(message.MessageId, out _);
            state.Slots.Release();
        }
    }

    private async Task ProcessAsync(QueueClient queue, QueueMessage message, IngestListenerOptions settings, CancellationToken stoppingToken)
    {
        var stored = message.Body.ToString();
        if (!IngestMessageText.TryDecode(stored, out var text, out var undecodable))
        {
            // The text can never change: poison at once, the stored text kept (cut to fit) for the operator.
            await poison.WriteAsync(stored, undecodable, ErrorClass.Validation, message.DequeueCount, CancellationToken.None);
            await SettleAsync(queue, message, message.PopReceipt, "delete", pop => queue.DeleteMessageAsync(message.MessageId, pop, CancellationToken.None));
            metrics.UndecodableMessage();
            metrics.Poison();
            CatalogForge.Core.Telemetry.CatalogForgeMetrics.IngestMessage(nameof(IngestOutcomeKind.Poison), nameof(ErrorClass.Validation), 0, 0);
            return;
        }

        var lease = MessageLease.Start(queue, message, settings.VisibilityTimeout, time, metrics, logger, stoppingToken);
        IngestOutcome outcome;
        try
        {
            outcome = await processor.HandleAsync(text, message.DequeueCount, message.InsertedOn, stoppingToken);
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
        CatalogForge.Core.Telemetry.CatalogForgeMetrics.IngestMessage(outcome.Kind.ToString(), outcome.Kind == IngestOutcomeKind.Accepted ? null : outcome.ErrorClass.ToString(), outcome.Rows, outcome.InvalidRows);
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
            case IngestOutcomeKind.Deferred:
                // A tenant cap, not a fault: back after the cap's delay, and never poison for it.
                await SettleAsync(queue, message, popReceipt, "defer", pop => queue.UpdateMessageAsync(
                    message.MessageId, pop, (string?)null, outcome.RetryAfter ?? settings.RetryDelay, CancellationToken.None));
                metrics.Retry();
                break;
        }
    }

    /// <summary>
    /// The final delete or visibility update. A lost lease (404) means another delivery owns the message now; any other
    /// failure leaves the message to come back after its visibility timeout. Either way it is logged, never thrown.
    /// </summary>
    private async Task SettleAsync(QueueClient queue, QueueMessage message, string popReceipt, string action, Func<string, Task> settle)
    {
        try
        {
            await settle(popReceipt);
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 404)
        {
            logger.LogWarning("Could not {Action} ingest message {MessageId} on {Queue} ({Status} {ErrorCode}); it may be delivered again",
                action, message.MessageId, queue.Name, ex.Status, ex.ErrorCode);
        }
        catch (Exception ex)
        {
            var errorClass = ListenerErrors.Classify(ex);
            metrics.SettleFailed(errorClass);
            logger.LogWarning("Could not {Action} ingest message {MessageId} on {Queue} ({ErrorClass}, {Error}); it is delivered again",
                action, message.MessageId, queue.Name, errorClass, ListenerErrors.Describe(ex));
        }
    }

    /// <summary>What the loop keeps across polls and across a restart after a fault.</summary>
    private sealed class LoopState(IngestListenerOptions settings)
    {
        public SemaphoreSlim Slots { get; } = new(settings.MaxConcurrentMessages, settings.MaxConcurrentMessages);

        public ConcurrentDictionary<string, Task> InFlight { get; } = new(StringComparer.Ordinal);

        public IdleBackoff Idle { get; } = new(settings.IdleDelayMin, settings.IdleDelayMax);

        /// <summary>Bounded exponential wait after failed polls and loop faults; the same doubling as the idle back-off.</summary>
        public IdleBackoff Errors { get; } = new(settings.ErrorDelayMin, settings.ErrorDelayMax);

        public int FailedPolls { get; set; }

        public Stopwatch FailingFor { get; } = new();
    }
}
