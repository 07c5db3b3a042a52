using System.Text.Json;
using Azure.Storage.Queues;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Alerts;

/// <summary>What lands on <c>alerts-poison</c>: why, the original message (cut to fit a queue message) and when.</summary>
public sealed record AlertPoisonEnvelope(string Reason, string Original, bool OriginalTruncated, long DequeueCount, DateTimeOffset FailedAt);

public sealed class AlertPoisonWriter(QueueServiceClient queues, TimeProvider time, ILogger<AlertPoisonWriter> logger)
{
    /// <summary>A queue message holds 48 KiB of text after Base64; the original keeps at most this many characters.</summary>
    private const int MaxOriginalChars = 12 * 1024;

    public async Task WriteAsync(string original, string reason, long dequeueCount, CancellationToken cancellationToken)
    {
        var cut = original.Length > MaxOriginalChars;
        var envelope = new AlertPoisonEnvelope(reason.Length <= 2000 ? reason : reason[..2000],
            cut ? original[..MaxOriginalChars] : original, cut, dequeueCount, time.GetUtcNow());
        await queues.GetQueueClient(StorageNames.Queues.AlertsPoison)
            .SendMessageAsync(JsonSerializer.Serialize(envelope, CatalogJson.Options), cancellationToken);
        logger.LogWarning("Alert message moved to {PoisonQueue} after {DequeueCount} deliveries: {Reason}",
            StorageNames.Queues.AlertsPoison, dequeueCount, reason);
    }
}
