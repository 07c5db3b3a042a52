using CatalogForge.Core.Intelligence.Alerts;
using CatalogForge.Core.Intelligence.Drift;
using CatalogForge.Core.Intelligence.Duplicates;
using CatalogForge.Core.Intelligence.Risk;

namespace CatalogForge.Core.Intelligence.Nightly;

// Activity inputs and outputs of the nightly run: small records. Snapshots live in blobs (NightlySnapshotStore).

/// <summary>One tenant's run for one UTC day (<c>yyyyMMdd</c>), which is also the id of the snapshot it writes.</summary>
public sealed record NightlyRunInput(string TenantId, string RunDate);

/// <summary>The snapshot this run writes and the one the tenant's <c>current</c> pointer named when it started (null: first run).</summary>
public sealed record NightlyPlan(string SnapshotId, string? PreviousSnapshotId);

public sealed record EmbeddingRefreshResult(int Products, int Reembedded, int Failed, long InputTokens, long CostMicroUsd);

public sealed record ComputeSnapshotInput(NightlyRunInput Run, NightlyPlan Plan);

public sealed record SnapshotCounts(int Products, int WithVectors, int NearDuplicatePairs, int Clusters, int NewClusters, int RiskScore, int Alerts);

/// <summary>What the perception probes did: none asked when the tenant has no brand profile (perception.json is then not written).</summary>
public sealed record PerceptionProbeResult(int Probes, int Failed, long InputTokens, long CostMicroUsd)
{
    public static PerceptionProbeResult None { get; } = new(0, 0, 0, 0);
}

/// <param name="Perception">Null for a run started before perception probes were part of the run.</param>
public sealed record PublishInput(NightlyRunInput Run, NightlyPlan Plan, EmbeddingRefreshResult Embeddings, SnapshotCounts Counts,
    PerceptionProbeResult? Perception = null);

public sealed record FailNightlyRunInput(NightlyRunInput Run, string ErrorClass, string Message);

public sealed record NightlyRunSummary(string Status, string SnapshotId, SnapshotCounts? Counts);

/// <summary>One product's similar products in a snapshot, best first.</summary>
public sealed record SimilarProducts(string ProductId, IReadOnlyList<SimilarProduct> Similar);

public sealed record SimilarProduct(string ProductId, float Score);

/// <summary><c>insights.json</c> of a snapshot: drift against the previous one, perception, risk with its terms, the alerts raised.</summary>
/// <param name="Perception">Brand perception per brand; null while the tenant has no perception probes (the risk's perception terms are then absent).</param>
public sealed record NightlyInsights(
    string SnapshotId,
    string? PreviousSnapshotId,
    DateTimeOffset ComputedAt,
    DriftReport Drift,
    IReadOnlyList<BrandPerception>? Perception,
    RiskAssessment Risk,
    IReadOnlyList<TriggeredAlert> Alerts,
    bool NearDuplicatePairsTruncated);

/// <summary><c>state.json</c>: what the next run's drift compares with.</summary>
public sealed record StoredCatalogState(
    IReadOnlyDictionary<string, ProductFacts> Products,
    IReadOnlyDictionary<string, CategoryCentroid> Categories,
    IReadOnlyList<DuplicateCluster> Clusters)
{
    public CatalogState ToState() => new(Products, Categories, Clusters);
}
