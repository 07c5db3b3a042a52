namespace CatalogForge.Core.Intelligence.Nightly.Views;

/// <summary>
/// A nightly run: status (Running, Completed, Failed), timings, counts and embedding cost. Counts, risk and cost are
/// null until the run completed; <see cref="IsCurrent"/> says whether the tenant's readers are served its snapshot.
/// </summary>
public sealed record NightlyRunView
{
    public required string RunId { get; init; }
    public required string Status { get; init; }
    public required string SnapshotId { get; init; }
    public string? PreviousSnapshotId { get; init; }
    public bool IsCurrent { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public double? DurationSeconds { get; init; }
    public int? Products { get; init; }
    public int? Reembedded { get; init; }
    public int? EmbedFailures { get; init; }
    public int? NearDuplicatePairs { get; init; }
    public int? Clusters { get; init; }
    public int? NewClusters { get; init; }
    public int? RiskScore { get; init; }
    public int? Alerts { get; init; }
    public long? InputTokens { get; init; }
    public decimal? CostUsd { get; init; }
    public string? ErrorClass { get; init; }
    public string? ErrorMessage { get; init; }
}

/// <summary><c>GET /api/catalog/runs</c>: newest first; pass <see cref="ContinuationToken"/> back for the next page.</summary>
public sealed record NightlyRunPage(IReadOnlyList<NightlyRunView> Items, string? ContinuationToken);
