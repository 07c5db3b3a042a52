using CatalogForge.Core.Ingestion;

namespace CatalogForge.Server.Ingestion;

/// <summary>What the listener runs for each delivery; <see cref="IngestMessageHandler"/> in production.</summary>
public interface IIngestMessageProcessor
{
    Task<IngestOutcome> HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken);
}

internal sealed class CoreIngestMessageProcessor(IngestMessageHandler handler) : IIngestMessageProcessor
{
    public Task<IngestOutcome> HandleAsync(string messageText, long dequeueCount, CancellationToken cancellationToken) =>
        handler.HandleAsync(messageText, dequeueCount, cancellationToken);
}
