using System.Text.Json;
using System.Text.Json.Serialization;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Body of <c>POST /api/jobs</c>. Items are briefs for <c>generate</c> and catalog rows for <c>enrich</c>. A field it
/// does not have (a typo such as <c>prority</c>) fails binding instead of being dropped: the API answers 400 naming it.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubmitJobRequest
{
    public string? Kind { get; init; }
    public JsonElement? Items { get; init; }
    public JobOptions? Options { get; init; }

    /// <summary>Same key (per tenant) → same job; a resubmission never creates a second one.</summary>
    public string? IdempotencyKey { get; init; }
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record JobOptions
{
    /// <summary>Render a product image for every item (default true).</summary>
    public bool? Images { get; init; }

    public JobPriority? Priority { get; init; }

    /// <summary>Output language as a BCP 47 tag, default "en".</summary>
    public string? Language { get; init; }
}

public sealed record JobAccepted(string JobId, JobStatus Status, string StatusUrl);

public sealed record JobCounts(int Total, int Pending, int Succeeded, int Failed, int Cancelled);

public sealed record ErrorSummary(ErrorClass ErrorClass, int Count, string SampleMessage);

public sealed record JobView
{
    public required string JobId { get; init; }
    public required JobKind Kind { get; init; }
    public required JobStatus Status { get; init; }
    public required JobPriority Priority { get; init; }
    public required int ProgressPercent { get; init; }
    public required string ProgressMessage { get; init; }
    public required JobCounts Counts { get; init; }
    public required decimal CostUsd { get; init; }
    public required long InputTokens { get; init; }
    public required long OutputTokens { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public required IReadOnlyList<ErrorSummary> Errors { get; init; }

    /// <summary>0 for the first run; n after the n-th <c>POST /api/jobs/{id}/retry</c>.</summary>
    public int RetryRound { get; init; }
}

public sealed record JobItemView
{
    public required int Index { get; init; }
    public required ItemStatus Status { get; init; }
    public string? ProductId { get; init; }
    public string? Title { get; init; }
    public ErrorClass? ErrorClass { get; init; }
    public string? ErrorMessage { get; init; }

    /// <summary>The pipeline step that failed (e.g. GenerateContent), for failed items.</summary>
    public string? FailedStep { get; init; }
    public required int Attempts { get; init; }
    public required bool Degraded { get; init; }
    public required decimal CostUsd { get; init; }
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>Filters of <c>GET /api/jobs</c>. The created range is [<see cref="CreatedFrom"/>, <see cref="CreatedTo"/>) on the time in the job id.</summary>
public sealed record JobListQuery(
    JobStatus? Status = null,
    JobKind? Kind = null,
    string? ContinuationToken = null,
    int PageSize = 50,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null);

/// <summary>The tenant's jobs per status, kept as counters (not counted per request).</summary>
public sealed record JobTotals(int Pending, int Running, int Completed, int CompletedWithErrors, int Failed, int Cancelled)
{
    public static readonly JobTotals Zero = new(0, 0, 0, 0, 0, 0);

    public int All => Pending + Running + Completed + CompletedWithErrors + Failed + Cancelled;

    public static JobTotals From(Storage.Entities.JobTotalsEntity row) =>
        new(row.Pending, row.Running, row.Completed, row.CompletedWithErrors, row.Failed, row.Cancelled);
}

/// <summary>One page of jobs, newest first, with the tenant's per-status totals (of all its jobs, not just this filter).</summary>
public sealed record JobListPage(IReadOnlyList<JobView> Items, string? ContinuationToken, JobTotals Totals);

public sealed record JobItemQuery(ItemStatus? Status = null, string? ContinuationToken = null, int PageSize = 100);

/// <summary>What <c>POST /api/jobs/{id}/retry</c> did; <see cref="ItemCount"/> is the number of failed items re-run.</summary>
public sealed record RetryResult(RetryOutcome Outcome, int ItemCount);

public enum RetryOutcome
{
    NotFound,

    /// <summary>The job is Pending or Running; retry once it has finished.</summary>
    StillRunning,

    /// <summary>The job finished without failed items.</summary>
    NothingToRetry,

    /// <summary>A new retry round of the job was started for its failed items.</summary>
    Retrying,
}

public enum CancelOutcome
{
    NotFound,
    AlreadyFinished,
    CancellationRequested,
}
