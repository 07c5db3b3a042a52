using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Section <c>Jobs</c>: what one submitted job may hold and how it is cut into chunks. Every setting is checked at start
/// (a chunk size of 0 would stop every job; a window of a million would flood the engine).
/// </summary>
public sealed class JobLimits
{
    public const string Section = "Jobs";

    /// <summary>
    /// The longest stored item input (its JSON, escapes included), in UTF-16 characters: a Table string property holds
    /// at most 64 KiB, 32 Ki characters. One such property also keeps the item's entity far below the 1 MiB entity limit;
    /// <see cref="MaxItemBatchBytes"/> keeps a transaction of them below the 4 MiB batch limit.
    /// </summary>
    public const int MaxStoredItemChars = 32 * 1024;

    /// <summary>
    /// Budget of one item-writing transaction, under the Tables limit of 4 MiB per batch: items are counted at six bytes
    /// per character (the worst case of a <c>\uXXXX</c>-escaped request body), so a batch may hold fewer than 100 large items.
    /// </summary>
    public const int MaxItemBatchBytes = 3 * 1024 * 1024;

    [Range(1, 100_000, ErrorMessage = "Jobs:MaxItemsPerJob must be between {1} and {2}.")]
    public int MaxItemsPerJob { get; set; } = 1000;

    [Range(1, 1_000_000, ErrorMessage = "Jobs:MaxFieldLength must be between {1} and {2}.")]
    public int MaxFieldLength { get; set; } = 4000;

    [Range(1, 1000, ErrorMessage = "Jobs:MaxListItems must be between {1} and {2}.")]
    public int MaxListItems { get; set; } = 50;

    /// <summary>Items per chunk sub-workflow; keeps every orchestration's history small.</summary>
    [Range(1, 500, ErrorMessage = "Jobs:ChunkSize must be between {1} and {2}.")]
    public int ChunkSize { get; set; } = 25;

    /// <summary>
    /// Items of one chunk in flight at once (new items start only while the job is not cancelled). With the chunk window,
    /// 16 × 8 = 128 items may be in flight, twice the default activity slots: a chunk cannot lend its window to another,
    /// so once the first chunks of a job finish, the last ones alone must still be able to keep the slots busy.
    /// </summary>
    [Range(1, 256, ErrorMessage = "Jobs:ItemWindowPerChunk must be between {1} and {2}.")]
    public int ItemWindowPerChunk { get; set; } = 16;

    /// <summary>
    /// Unfinished (Pending or Running) jobs a tenant may have at once: a new one over it is refused (HTTP 429) or its
    /// ingest message deferred.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "Jobs:MaxActiveJobsPerTenant must be between {1} and {2}.")]
    public int MaxActiveJobsPerTenant { get; set; } = 50;

    /// <summary>Items of a tenant's unfinished jobs together; at least <see cref="MaxItemsPerJob"/>, so a full job fits.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Jobs:MaxQueuedItemsPerTenant must be between {1} and {2}.")]
    public int MaxQueuedItemsPerTenant { get; set; } = 50_000;

    /// <summary>What a capped client is told to wait (<c>Retry-After</c>), and how long a deferred ingest message stays invisible.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Jobs:CapRetryAfter must be between {1} and {2}.")]
    public TimeSpan CapRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    public JobCaps Caps => new(MaxActiveJobsPerTenant, MaxQueuedItemsPerTenant, CapRetryAfter);

    /// <summary>Chunks of one job in flight at once.</summary>
    [Range(1, 256, ErrorMessage = "Jobs:ChunkWindow must be between {1} and {2}.")]
    public int ChunkWindow { get; set; } = 8;
}
