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

    /// <summary>
    /// How far a message's signing time may lie from the time the queue took it in, either way: a captured message
    /// re-sent later than this is refused. Covers the sender's clock skew and the moment between signing and sending.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxSignatureAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The Key Vault holding the tenants' ingest signing secrets (<c>https://{vault}.vault.azure.net/</c>). Required when
    /// storage is reached with a managed identity (Azure); without it, the secrets are kept in the <c>Tenants</c> table,
    /// which is for Azurite only.
    /// </summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>
    /// How old a half-written part (its key claimed, some items written, no job row: the delivery failed) must be before a
    /// message with the same key but other content takes the key over and deletes those items. Younger, the message is
    /// retried: the first writer may still be at it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan AbandonedWriteAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Azure queue names: 3–63 lower-case letters, digits and single dashes.</summary>
    private const string QueueNamePattern = "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$";
}
