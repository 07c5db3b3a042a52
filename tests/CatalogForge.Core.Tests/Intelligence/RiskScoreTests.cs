using CatalogForge.Core.Intelligence;
using CatalogForge.Core.Intelligence.Alerts;
using CatalogForge.Core.Intelligence.Drift;
using CatalogForge.Core.Intelligence.Duplicates;
using CatalogForge.Core.Intelligence.Risk;

namespace CatalogForge.Core.Tests.Intelligence;

public sealed class RiskScoreTests
{
    private static readonly BrandPerception[] Perception =
    [
        new("Crumb & Co", IsOwn: true, MentionShare: 0.3, MeanRank: 2, MeanSentiment: 0.35, PreviousMentionShare: 0.5, PreviousMeanRank: 1, PreviousMeanSentiment: 0.6),
        new("LoafLab", IsOwn: false, 0.3, 1.5, 0.5, PreviousMentionShare: 0.2, 2, 0.4),
        new("Rye Inc", IsOwn: false, 0.1, 3, 0.1, PreviousMentionShare: 0.15, 3, 0.1),
    ];

    [Fact]
    public void Every_term_contributes_its_weight_times_its_share_of_full_scale()
    {
        var risk = RiskScore.Compute(Drift(churn: 0.125, maxShift: 0.05, newClusters: 2), Perception);

        Assert.Equal(61, risk.Score); // 12.5 + 25 + 10 + 7.5 + 6
        Assert.True(risk.PerceptionAvailable);
        Assert.Equal(12.5, Points(risk, RiskScore.SentimentDrop), 9);
        Assert.Equal(25, Points(risk, RiskScore.ShareLost), 9);
        Assert.Equal(10, Points(risk, RiskScore.CompetitorSurge), 9);
        Assert.Equal(7.5, Points(risk, RiskScore.CatalogDriftTerm), 9);
        Assert.Equal(6, Points(risk, RiskScore.NewDuplicates), 9);
        Assert.Equal(0.25, risk.Terms.Single(t => t.Name == RiskScore.SentimentDrop).Measure, 9);
    }

    [Fact]
    public void Every_term_is_capped_at_its_weight_so_the_score_tops_out_at_100()
    {
        BrandPerception[] collapse =
        [
            new("Own", true, 0, null, -1, 0.9, 1, 1),
            new("Rival", false, 0.95, 1, 1, 0.05, 3, 0),
        ];

        var risk = RiskScore.Compute(Drift(churn: 1, maxShift: 1.5, newClusters: 40), collapse);

        Assert.Equal(100, risk.Score);
        Assert.All(risk.Terms, t => Assert.Equal(t.Weight, t.Points));
    }

    [Fact]
    public void Without_perception_the_perception_terms_are_absent_and_add_nothing()
    {
        var risk = RiskScore.Compute(Drift(churn: 0.25, maxShift: 0.1, newClusters: 5), perception: null);

        Assert.False(risk.PerceptionAvailable);
        Assert.Equal(30, risk.Score);
        Assert.All(risk.Terms.Where(t => t.Name is RiskScore.SentimentDrop or RiskScore.ShareLost or RiskScore.CompetitorSurge),
            t => Assert.False(t.Available));
    }

    [Fact]
    public void Improvements_count_as_zero()
    {
        BrandPerception[] better = [new("Own", true, 0.6, 1, 0.9, 0.4, 2, 0.1), new("Rival", false, 0.1, 3, 0, 0.3, 1, 0)];

        var risk = RiskScore.Compute(Drift(0, 0, 0), better);

        Assert.Equal(0, risk.Score);
        Assert.True(risk.PerceptionAvailable);
    }

    [Fact]
    public void Alert_rules_fire_at_their_thresholds()
    {
        var drift = Drift(churn: 0.125, maxShift: 0.2, newClusters: 1);
        var risk = RiskScore.Compute(drift, Perception);

        var alerts = AlertRules.Evaluate(new NightlyAlertOptions { RiskAtOrAbove = 61, ShareDropPoints = 20, CentroidDrift = 0.2 }, drift, risk, Perception);

        Assert.Equal([AlertRules.Risk, AlertRules.ShareDrop, AlertRules.CentroidDrift, AlertRules.NewDuplicateCluster], alerts.Select(a => a.Rule));
        Assert.Equal(20, alerts[1].Value, 9);
        Assert.Empty(AlertRules.Evaluate(
            new NightlyAlertOptions { RiskAtOrAbove = 100, ShareDropPoints = 20.1, CentroidDrift = 0.21, NewDuplicateCluster = false }, drift, risk, Perception));
    }

    private static double Points(RiskAssessment risk, string term) => risk.Terms.Single(t => t.Name == term).Points;

    private static DriftReport Drift(double churn, double maxShift, int newClusters) => new(
        HasPrevious: true, [], [], [], churn,
        [new CategoryDrift("books", 10, 10, maxShift)], maxShift, [],
        Enumerable.Range(0, newClusters).Select(i => new DuplicateCluster($"k{i}", [$"a{i}", $"b{i}"], [new DuplicatePair($"a{i}", $"b{i}", 0.9f)])).ToList());
}
