namespace CatalogForge.Core.Jobs;

/// <summary>Section <c>Jobs</c>: what one submitted job may hold and how it is cut into chunks.</summary>
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

    public int MaxItemsPerJob { get; set; } = 1000;

    public int MaxFieldLength { get; set; } = 4000;

    public int MaxListItems { get; set; } = 50;

    /// <summary>Items per chunk sub-workflow; keeps every orchestration's history small.</summary>
    public int ChunkSize { get; set; } = 25;

    /// <summary>
    /// Items of one chunk in flight at once (new items start only while the job is not cancelled). With the chunk window,
    /// 16 × 8 = 128 items may be in flight, twice the default activity slots: a chunk cannot lend its window to another,
    /// so once the first chunks of a job finish, the last ones alone must still be able to keep the slots busy.
    /// </summary>
    public int ItemWindowPerChunk { get; set; } = 16;

    /// <summary>Chunks of one job in flight at once.</summary>
    public int ChunkWindow { get; set; } = 8;
}
