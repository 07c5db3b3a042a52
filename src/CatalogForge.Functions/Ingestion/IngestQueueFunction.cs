using Azure.Storage.Queues.Models;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Storage;
using CatalogForge.Functions.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CatalogForge.Functions.Ingestion;

/// <summary>
/// The <c>ingest</c> queue, through Core's <see cref="IngestMessageHandler"/> (the Server's listener uses the same one).
/// Accepted: return, and the host deletes the message. Poison (can never succeed, or its last delivery): the envelope
/// with the reason and error class goes to <c>ingest-poison</c> (<see cref="IngestPoisonWriter"/>), then the message is
/// deleted. Retry: throw, so the host delivers it again after the visibility timeout; host.json
/// <c>maxDequeueCount</c> equals <c>Ingestion:MaxDequeueCount</c>, so the handler's last delivery turns into a poison
/// envelope with its reason before the host would move the bare message to <c>ingest-poison</c> itself.
/// </summary>
public sealed class IngestQueueFunction(
    IngestMessageHandler handler,
    IngestPoisonWriter poison,
    IngestDeferral deferrals,
    DurableClientScope durable,
    ILogger<IngestQueueFunction> logger)
{
    [Function("IngestQueue")]
    public async Task RunAsync(
        [QueueTrigger(StorageNames.Queues.Ingest, Connection = "AzureWebJobsStorage")] QueueMessage message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        var text = message.MessageText;
        IngestOutcome outcome;
        using (durable.Use(client))
        {
            outcome = await handler.HandleAsync(text, message.DequeueCount, message.InsertedOn, context.CancellationToken);
        }

        CatalogForge.Core.Telemetry.CatalogForgeMetrics.IngestMessage(outcome.Kind.ToString(), outcome.Kind == IngestOutcomeKind.Accepted ? null : outcome.ErrorClass.ToString(), outcome.Rows, outcome.InvalidRows);
        switch (outcome.Kind)
        {
            case IngestOutcomeKind.Accepted:
                logger.LogInformation("Ingest message {MessageId} accepted as job(s) {JobIds}", message.MessageId, outcome.JobIds);
                return;
            case IngestOutcomeKind.Poison:
                await poison.WriteAsync(text, outcome.Reason ?? "No reason given.", outcome.ErrorClass, message.DequeueCount, context.CancellationToken);
                return;
            case IngestOutcomeKind.Retry:
                throw new IngestRetryException(message.MessageId, outcome.ErrorClass, outcome.Reason ?? "No reason given.");
            case IngestOutcomeKind.Deferred:
                // A tenant cap, not a fault: a fresh copy comes back after the cap's delay (the host then deletes this
                // delivery), so deferrals never count towards the host's maxDequeueCount.
                await deferrals.DeferAsync(text, outcome.RetryAfter ?? TimeSpan.FromMinutes(1), context.CancellationToken);
                logger.LogInformation("Ingest message {MessageId} deferred: {Reason}", message.MessageId, outcome.Reason);
                return;
            default:
                throw new InvalidOperationException($"Unknown ingest outcome {outcome.Kind}.");
        }
    }
}

/// <summary>Fails a delivery on purpose so the queue host delivers the message again; carries why.</summary>
public sealed class IngestRetryException(string messageId, ErrorClass errorClass, string reason)
    : Exception($"Ingest message {messageId} will be delivered again ({errorClass}): {reason}")
{
    public ErrorClass ErrorClass { get; } = errorClass;
}
