namespace CatalogForge.Core.Jobs;

/// <summary>Section <c>Jobs</c>: what one submitted job may hold and how it is cut into chunks.</summary>
public sealed class JobLimits
{
    public const string Section = "Jobs";

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
