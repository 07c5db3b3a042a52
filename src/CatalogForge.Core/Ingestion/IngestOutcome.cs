using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ingestion;

public enum IngestOutcomeKind
{
    /// <summary>Every job of the message is written and started; delete the message.</summary>
    Accepted,

    /// <summary>The message can never be processed (or ran out of attempts): write the poison envelope, delete the message.</summary>
    Poison,

    /// <summary>A failure that may pass (storage hiccup, tenant or blob not there yet): leave the message to be delivered again.</summary>
    Retry,

    /// <summary>
    /// The tenant is at a cap (<c>Jobs:MaxActiveJobsPerTenant</c>, <c>Jobs:MaxQueuedItemsPerTenant</c>): make the message
    /// visible again after <see cref="IngestOutcome.RetryAfter"/>; never poison, however often it comes back.
    /// </summary>
    Deferred,
}

/// <summary>What <see cref="IngestMessageHandler"/> made of one delivery.</summary>
public sealed record IngestOutcome(
    IngestOutcomeKind Kind,
    IReadOnlyList<string> JobIds,
    int Rows,
    int InvalidRows,
    string? Reason,
    ErrorClass ErrorClass,
    TimeSpan? RetryAfter = null)
{
    public static IngestOutcome Accepted(IReadOnlyList<string> jobIds, int rows, int invalidRows) =>
        new(IngestOutcomeKind.Accepted, jobIds, rows, invalidRows, null, ErrorClass.None);

    public static IngestOutcome Poison(string reason, ErrorClass errorClass) =>
        new(IngestOutcomeKind.Poison, [], 0, 0, reason, errorClass);

    public static IngestOutcome Retry(string reason, ErrorClass errorClass) =>
        new(IngestOutcomeKind.Retry, [], 0, 0, reason, errorClass);

    public static IngestOutcome Deferred(string reason, TimeSpan retryAfter) =>
        new(IngestOutcomeKind.Deferred, [], 0, 0, reason, ErrorClass.RateLimited, retryAfter);
}
