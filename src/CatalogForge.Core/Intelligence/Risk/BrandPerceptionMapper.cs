using CatalogForge.Core.Perception;

namespace CatalogForge.Core.Intelligence.Risk;

/// <summary>
/// A run's <see cref="PerceptionReport"/> as the risk score's and the alert rules' <see cref="BrandPerception"/> list: the
/// report's figures, and the previous run's figures recovered from its changes (previous = current − change). A report
/// without a single answered probe measured nothing and maps to null, so failed probes never read as a lost share.
/// </summary>
public static class BrandPerceptionMapper
{
    public static IReadOnlyList<BrandPerception>? Map(PerceptionReport? report) =>
        report is not { AnsweredProbes: > 0 }
            ? null
            : report.Brands.Select(brand => new BrandPerception(
                brand.Brand,
                brand.IsOwn,
                brand.MentionShare,
                brand.MeanRank,
                brand.MeanSentiment,
                Previous(brand.MentionShare, brand.ShareChange),
                Previous(brand.MeanRank, brand.RankChange),
                Previous(brand.MeanSentiment, brand.SentimentChange))).ToList();

    private static double? Previous(double? now, double? change) => now is { } value && change is { } delta ? Math.Round(value - delta, 4) : null;
}
