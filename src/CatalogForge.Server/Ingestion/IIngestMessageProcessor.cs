using CatalogForge.Core.Ingestion;

namespace CatalogForge.Server.Ingestion;

/// <summary>What the listener runs for each delivery; <see cref="IngestMessageHandler"/> in production.</summary>
public interface IIngestMessageProcessor
{
    /// <param name="insertedOn">When the queue took the message in: the signature's age is measured against it.</param>
    Task<IngestOutcome> HandleAsync(string messageText, long dequeueCount, DateTimeOffset? insertedOn, CancellationToken cancellationToken);
}

internal sealed class CoreIngestMessageProcessor(IngestMessageHandler handler) : IIngestMessageProcessor
{
    public Task<IngestOutcome> HandleAsync(string messageText, long dequeueCount, DateTimeOffset? insertedOn, CancellationToken cancellationToken) =>
        handler.HandleAsync(messageText, dequeueCount, insertedOn, cancellationToken);
}
