using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Ingestion;

/// <summary>What lands on <c>ingest-poison</c>: why, the error class, the original message text and when.</summary>
public sealed record IngestPoisonEnvelope(
    string Reason,
    ErrorClass ErrorClass,
    string Original,
    bool OriginalTruncated,
    long DequeueCount,
    DateTimeOffset FailedAt);

/// <summary>
/// Writes the poison envelope. The Server's listener calls it for a <see cref="IngestOutcomeKind.Poison"/> outcome before deleting
/// the message; a Functions QueueTrigger does the same instead of letting the host move the bare message.
/// </summary>
public sealed class IngestPoisonWriter(
    QueueServiceClient queues,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<IngestPoisonWriter> logger)
{
    /// <summary>A queue message holds 64 KiB after Base64, i.e. 48 KiB of text; keep a margin.</summary>
    public const int MaxEnvelopeBytes = 47 * 1024;

    public async Task WriteAsync(string originalMessageText, string reason, ErrorClass errorClass, long dequeueCount, CancellationToken cancellationToken)
    {
        var envelope = Envelope(originalMessageText, reason, errorClass, dequeueCount);
        var queue = queues.GetQueueClient(options.Value.PoisonQueueName);
        await queue.SendMessageAsync(JsonSerializer.Serialize(envelope, CatalogJson.Options), cancellationToken);
        logger.LogWarning("Ingest message moved to {PoisonQueue} after {DequeueCount} deliveries ({ErrorClass}): {Reason}",
            queue.Name, dequeueCount, errorClass, reason);
    }

    /// <summary>The envelope, its original text cut (and flagged) only when the whole would not fit in a queue message.</summary>
    public IngestPoisonEnvelope Envelope(string originalMessageText, string reason, ErrorClass errorClass, long dequeueCount)
    {
        var envelope = new IngestPoisonEnvelope(reason.Length <= 2000 ? reason : reason[..2000], errorClass, originalMessageText, false,
            dequeueCount, time.GetUtcNow());
        for (var excess = Excess(envelope); excess > 0; excess = Excess(envelope))
        {
            var keep = Math.Max(0, envelope.Original.Length - excess);
            envelope = envelope with { Original = envelope.Original[..keep], OriginalTruncated = true };
        }

        return envelope;
    }

    private static int Excess(IngestPoisonEnvelope envelope) =>
        Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(envelope, CatalogJson.Options)) - MaxEnvelopeBytes;
}
