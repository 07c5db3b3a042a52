using CatalogForge.Core.Intelligence.Drift;
using CatalogForge.Core.Intelligence.Risk;

namespace CatalogForge.Core.Intelligence.Nightly.Views;

/// <summary>
/// <c>GET /api/catalog/insights</c>: the current snapshot's drift, brand perception and risk as its <c>insights.json</c>
/// stores them, and the alerts its run raised. Before the tenant's first snapshot every value is null and the lists empty.
/// </summary>
public sealed record CatalogInsightsView(
    string? SnapshotId,
    string? PreviousSnapshotId,
    DateTimeOffset? ComputedAt,
    DriftReport? Drift,
    IReadOnlyList<BrandPerception>? Perception,
    RiskAssessment? Risk,
    IReadOnlyList<NightlyAlertView> Alerts,
    bool NearDuplicatePairsTruncated);
