using CatalogForge.Core.Intelligence.Drift;

namespace CatalogForge.Core.Intelligence.Risk;

/// <summary>One term of the risk score: the measure it reads, the points it adds (0…<see cref="Weight"/>) and whether its input was there.</summary>
public sealed record RiskTerm(string Name, double Measure, double Weight, double Points, bool Available);

/// <summary>A tenant's risk 0…100 and every term's contribution; <see cref="PerceptionAvailable"/> is false while no perception figures with a previous run exist.</summary>
public sealed record RiskAssessment(int Score, IReadOnlyList<RiskTerm> Terms, bool PerceptionAvailable);

/// <summary>
/// Risk 0…100 = the rounded sum of five terms, each its weight × min(1, measure ÷ its full-scale value):
/// <list type="table">
/// <item><term>sentiment-drop (25)</term><description>own brand's mean sentiment, previous − current, full at 0.5</description></item>
/// <item><term>share-lost (25)</term><description>own brand's mention share, previous − current, full at 0.20</description></item>
/// <item><term>competitor-surge (20)</term><description>the largest competitor mention-share gain, full at 0.20</description></item>
/// <item><term>catalog-drift (15)</term><description>mean of min(1, churn share ÷ 0.25) and min(1, largest centroid shift ÷ 0.10), as a 0…1 measure</description></item>
/// <item><term>new-duplicates (15)</term><description>clusters of near-duplicates that are new, full at 5</description></item>
/// </list>
/// Falls and gains below zero count as zero. A perception term without its inputs (no probes, or no previous run) adds
/// nothing and says so (<see cref="RiskTerm.Available"/> false).
/// </summary>
public static class RiskScore
{
    public const string SentimentDrop = "sentiment-drop";
    public const string ShareLost = "share-lost";
    public const string CompetitorSurge = "competitor-surge";
    public const string CatalogDriftTerm = "catalog-drift";
    public const string NewDuplicates = "new-duplicates";

    public static RiskAssessment Compute(DriftReport drift, IReadOnlyList<BrandPerception>? perception)
    {
        ArgumentNullException.ThrowIfNull(drift);
        var own = perception?.FirstOrDefault(p => p.IsOwn);
        var competitors = perception?.Where(p => !p.IsOwn && p.PreviousMentionShare is not null).ToList() ?? [];

        double? sentimentDrop = own is { MeanSentiment: { } now, PreviousMeanSentiment: { } before } ? Math.Max(0, before - now) : null;
        double? shareLost = own is { PreviousMentionShare: { } previousShare } ? Math.Max(0, previousShare - own.MentionShare) : null;
        double? surge = competitors.Count > 0 ? competitors.Max(c => Math.Max(0, c.MentionShare - c.PreviousMentionShare!.Value)) : null;
        var driftMeasure = drift.HasPrevious
            ? (Full(drift.ChurnShare, 0.25) + Full(drift.MaxCentroidShift, 0.10)) / 2
            : (double?)null;

        RiskTerm[] terms =
        [
            Term(SentimentDrop, sentimentDrop, 25, 0.5),
            Term(ShareLost, shareLost, 25, 0.20),
            Term(CompetitorSurge, surge, 20, 0.20),
            Term(CatalogDriftTerm, driftMeasure, 15, 1),
            Term(NewDuplicates, drift.HasPrevious ? drift.NewClusters.Count : null, 15, 5),
        ];
        var score = (int)Math.Clamp(Math.Round(terms.Sum(t => t.Points), MidpointRounding.AwayFromZero), 0, 100);
        return new RiskAssessment(score, terms, sentimentDrop is not null || shareLost is not null || surge is not null);
    }

    private static RiskTerm Term(string name, double? measure, double weight, double fullAt) =>
        measure is { } value
            ? new RiskTerm(name, value, weight, weight * Full(value, fullAt), true)
            : new RiskTerm(name, 0, weight, 0, false);

    private static double Full(double measure, double fullAt) => Math.Clamp(measure / fullAt, 0, 1);
}
