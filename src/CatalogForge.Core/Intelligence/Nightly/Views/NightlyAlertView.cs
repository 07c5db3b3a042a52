namespace CatalogForge.Core.Intelligence.Nightly.Views;

/// <summary>
/// An alert a nightly run raised. <see cref="AlertId"/> is the id the alert's webhook delivery carries
/// (<c>{tenantId}:{snapshotId}-{nnn}</c>).
/// </summary>
public sealed record NightlyAlertView(
    string AlertId, string SnapshotId, string Rule, double Value, double Threshold, string Message, DateTimeOffset RaisedAt);

/// <summary><c>GET /api/catalog/alerts</c>: newest first; pass <see cref="ContinuationToken"/> back for the next page.</summary>
public sealed record NightlyAlertPage(IReadOnlyList<NightlyAlertView> Items, string? ContinuationToken);
