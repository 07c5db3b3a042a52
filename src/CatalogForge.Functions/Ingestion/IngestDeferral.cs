using Azure.Storage.Queues;
using CatalogForge.Core.Ingestion;
using Microsoft.Extensions.Options;

namespace CatalogForge.Functions.Ingestion;

/// <summary>
/// Puts an ingest message back on its queue, invisible for a while: how the Functions app defers a message whose tenant
/// is at a cap. The queue trigger cannot change the visibility of the delivery it runs for, and failing the delivery
/// would count towards the host's poison limit.
/// </summary>
public sealed class IngestDeferral(QueueServiceClient queues, IOptions<IngestionOptions> options)
{
    public Task DeferAsync(string messageText, TimeSpan delay, CancellationToken cancellationToken) =>
        queues.GetQueueClient(options.Value.QueueName).SendMessageAsync(messageText, visibilityTimeout: delay, cancellationToken: cancellationToken);
}
