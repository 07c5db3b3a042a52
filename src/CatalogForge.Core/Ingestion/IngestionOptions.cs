using System.ComponentModel.DataAnnotations;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Ingestion;

/// <summary>Section <c>Ingestion</c>: the queues and how often a failing message is tried before it is poison.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>
    /// Deliveries of a message that fails for a reason that may pass (unknown tenant, missing blob, storage errors) before it
    /// goes to the poison queue. The Functions app sets host.json <c>maxDequeueCount</c> to the same value.
    /// </summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    [Required, RegularExpression(QueueNamePattern)]
    public string QueueName { get; set; } = StorageNames.Queues.Ingest;

    [Required, RegularExpression(QueueNamePattern)]
    public string PoisonQueueName { get; set; } = StorageNames.Queues.IngestPoison;

    /// <summary>Azure queue names: 3–63 lower-case letters, digits and single dashes.</summary>
    private const string QueueNamePattern = "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$";
}
