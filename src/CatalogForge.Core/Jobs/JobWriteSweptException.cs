using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// A job write met the abandoned-write sweep deleting the same job's items (its earlier write stalled for longer than
/// <see cref="PendingJobSweepOptions.AbandonedWriteAge"/>): nothing was created, and submitting again shortly succeeds.
/// The API answers it like a storage outage (503 with <c>Retry-After</c>); ingestion retries the message.
/// </summary>
public sealed class JobWriteSweptException(string tenantId, string jobId) : ClassifiedException(ErrorClass.Storage,
    $"Job {jobId} of tenant {tenantId} was being cleaned up after an abandoned write; nothing was created. Submit it again in a minute.");
