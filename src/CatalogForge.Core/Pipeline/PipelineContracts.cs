using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Telemetry;

namespace CatalogForge.Core.Pipeline;

// Activity inputs and outputs: small records of ids, refs and numbers. Content lives in blobs and tables.

/// <summary>
/// A job and the round being run: 0 for the first run, n for the n-th retry of its failed items. The priority travels
/// with it to every model call, where it orders admission within the tenant.
/// </summary>
public sealed record JobRef(string TenantId, string JobId, int Round = 0, JobPriority Priority = JobPriority.Normal) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => new(TenantId, JobId);
}

/// <param name="Baseline">What the round starts from: items it does not run (succeeded and cancelled ones in a retry) and all cost so far.</param>
/// <param name="CancelRequested">
/// The job row's cancel flag when the round started. A cancel that came before the round's instance existed raised its
/// event to no one; this flag is how the round still learns of it.
/// </param>
public sealed record JobPlan(
    JobKind Kind, int ItemCount, bool Images, string Language, int ChunkSize, int ItemWindow, int ChunkWindow, ChunkResult? Baseline = null,
    bool CancelRequested = false);

public sealed record ChunkInput(JobRef Job, JobKind Kind, bool Images, string Language, int Start, int Count, int ItemWindow) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => new(Job.TenantId, Job.JobId, ChunkStart: Start);
}

public sealed record ItemRef(JobRef Job, JobKind Kind, string Language, int Index) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => new(Job.TenantId, Job.JobId, Index);

    /// <summary>Who this item's model calls are for: its tenant (billing, fairness) and its job's priority (admission order).</summary>
    public AiCallContext AiCall() => new(Job.TenantId, Job.JobId, JobItemEntity.RowKeyFor(Index), Job.Priority);
}

/// <summary>Tokens and money of one or more model calls.</summary>
public sealed record AiCost(long InputTokens, long OutputTokens, long CostMicroUsd)
{
    public static readonly AiCost Zero = new(0, 0, 0);

    public AiCost Add(AiCost other) =>
        new(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens, CostMicroUsd + other.CostMicroUsd);
}

public sealed record ContentRef(
    ItemRef Item,
    string ProductId,
    string Title,
    string Summary,
    string ImagePrompt,
    string Deployment,
    bool Degraded,
    AiCost Cost,
    string? Category = null) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => new(Item.Job.TenantId, Item.Job.JobId, Item.Index, Deployment: Deployment);
}

public sealed record EmbeddingRef(string Model, string Deployment, int Dimensions, AiCost Cost);

public sealed record ImageRef(string BlobPath, string Deployment, AiCost Cost);

public sealed record SaveProductInput(ContentRef Content, EmbeddingRef Embedding, ImageRef? Image) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => ((ITracedWork)Content).TraceScope;
}

public sealed record ItemFailure(ItemRef Item, ErrorClass ErrorClass, string Message, string Step, AiCost CostSoFar) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => ((ITracedWork)Item).TraceScope;
}

public sealed record ItemResult(int Index, ItemStatus Status, AiCost Cost);

public sealed record CancelItemsInput(JobRef Job, int Start, int Count) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => new(Job.TenantId, Job.JobId, ChunkStart: Start);
}

/// <summary>Items [Start, Start + Count) of a job.</summary>
public sealed record ItemRangeInput(JobRef Job, int Start, int Count) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => new(Job.TenantId, Job.JobId, ChunkStart: Start);
}

public sealed record ChunkResult(int Succeeded, int Failed, int Cancelled, AiCost Cost)
{
    public static readonly ChunkResult Empty = new(0, 0, 0, AiCost.Zero);

    public ChunkResult Add(ChunkResult other) =>
        new(Succeeded + other.Succeeded, Failed + other.Failed, Cancelled + other.Cancelled, Cost.Add(other.Cost));
}

public sealed record JobProgressInput(JobRef Job, ChunkResult Totals) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => ((ITracedWork)Job).TraceScope;
}

public sealed record CompleteJobInput(JobRef Job, bool CancellationRequested) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => ((ITracedWork)Job).TraceScope;
}

public sealed record FailJobInput(JobRef Job, ErrorClass ErrorClass, string Message) : ITracedWork
{
    TraceScope ITracedWork.TraceScope => ((ITracedWork)Job).TraceScope;
}

public sealed record JobSummary(JobStatus Status, int Succeeded, int Failed, int Cancelled);
