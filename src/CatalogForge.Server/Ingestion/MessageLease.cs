using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CatalogForge.Server.Ingestion;

/// <summary>
/// Keeps a received message invisible while it is worked on: every half visibility timeout, UpdateMessage extends it and hands
/// back a new pop receipt, which the final delete or update must use. Losing the lease (another host got the message after a
/// long stall) is logged; the work goes on, since handling a message twice writes nothing twice. A renewal that fails for
/// another reason (storage unreachable) is logged and tried again at the next interval: the receipt it holds stays valid
/// until the visibility timeout ends. Nothing here throws: <see cref="StopAsync"/> always returns the latest receipt.
/// </summary>
internal sealed class MessageLease
{
    private readonly QueueClient _queue;
    private readonly QueueMessage _message;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private string _popReceipt;

    private MessageLease(QueueClient queue, QueueMessage message, TimeSpan visibility, TimeProvider time,
        IngestListenerMetrics metrics, ILogger logger, CancellationToken hostStopping)
    {
        _queue = queue;
        _message = message;
        _popReceipt = message.PopReceipt;
        _renewals = RenewAsync(visibility, time, metrics, logger, hostStopping);
    }

    public static MessageLease Start(QueueClient queue, QueueMessage message, TimeSpan visibility, TimeProvider time,
        IngestListenerMetrics metrics, ILogger logger, CancellationToken hostStopping) =>
        new(queue, message, visibility, time, metrics, logger, hostStopping);

    /// <summary>Stops renewing (a renewal under way completes, so its receipt is not lost) and returns the current pop receipt.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        _stop.Dispose();
        return _popReceipt;
    }

    private async Task RenewAsync(TimeSpan visibility, TimeProvider time, IngestListenerMetrics metrics, ILogger logger, CancellationToken hostStopping)
    {
        var interval = visibility / 2;
        while (true)
        {
            try
            {
                await Task.Delay(interval, time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var receipt = await _queue.UpdateMessageAsync(_message.MessageId, _popReceipt, (string?)null, visibility, hostStopping);
                _popReceipt = receipt.Value.PopReceipt;
                metrics.Renewed();
            }
            catch (RequestFailedException ex) when (ex.Status is 400 or 404)
            {
                // 404 MessageNotFound or 400 PopReceiptMismatch: the message was received again by someone else.
                logger.LogWarning("Lost the lease on ingest message {MessageId} ({Status} {ErrorCode}); it may be delivered again",
                    _message.MessageId, ex.Status, ex.ErrorCode);
                return;
            }
            catch (OperationCanceledException) when (hostStopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Renewing the lease on ingest message {MessageId} failed ({ErrorClass}, {Error}); trying again in {Interval}",
                    _message.MessageId, ListenerErrors.Classify(ex), ListenerErrors.Describe(ex), interval);
            }
        }
    }
}
