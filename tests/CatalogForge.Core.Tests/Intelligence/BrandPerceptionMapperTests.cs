using CatalogForge.Core.Intelligence.Alerts;
using CatalogForge.Core.Intelligence.Drift;
using CatalogForge.Core.Intelligence;
using CatalogForge.Core.Intelligence.Risk;
using CatalogForge.Core.Perception;
using RiskPerception = CatalogForge.Core.Intelligence.Risk.BrandPerception;

namespace CatalogForge.Core.Tests.Intelligence;

public sealed class BrandPerceptionMapperTests
{
    private static readonly BrandProfile Profile = new()
    {
        Brand = "Crumb & Co",
        Competitors = ["Loaf Lab", "Rise Up"],
        Probes = ["Q1", "Q2"],
        Language = "en",
    };

    private static readonly DateTimeOffset Now = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    // Day 1: 4 mentions. Crumb 2 (share 0.5, ranks 1 and 1, sentiments 0.8 and 0.6), Loaf 1 (0.25, rank 2, 0.2), other 1.
    private static readonly PerceptionReport Day1 = PerceptionAggregator.Aggregate(Profile,
    [
        new("Q1", [new("Crumb & Co", 1, 0.8, "r"), new("Loaf Lab", 2, 0.2, "r")]),
        new("Q2", [new("Crumb & Co", 1, 0.6, "r"), new("other", 2, 0, "r")]),
    ], [], previous: null, costUsd: 0.001m, Now);

    // Day 2: 4 mentions. Crumb 1 (share 0.25, rank 2, sentiment 0.2), Loaf 2 (0.5, ranks 1 and 1, 0.6 and 0.4), Rise Up 1 (0.25).
    private static readonly PerceptionReport Day2 = PerceptionAggregator.Aggregate(Profile,
    [
        new("Q1", [new("Loaf Lab", 1, 0.6, "r"), new("Crumb & Co", 2, 0.2, "r")]),
        new("Q2", [new("Loaf Lab", 1, 0.4, "r"), new("Rise Up", 2, 0.1, "r")]),
    ], [], Day1, costUsd: 0.001m, Now.AddDays(1));

    [Fact]
    public void A_first_report_maps_its_figures_with_no_previous_ones()
    {
        var mapped = BrandPerceptionMapper.Map(Day1)!;

        Assert.Equal(
            [
                new RiskPerception("Crumb & Co", true, 0.5, 1, 0.7, null, null, null),
                new RiskPerception("Loaf Lab", false, 0.25, 2, 0.2, null, null, null),
                new RiskPerception("Rise Up", false, 0, null, null, null, null, null),
            ],
            mapped);
        Assert.False(RiskScore.Compute(NoDrift, mapped).PerceptionAvailable);
    }

    [Fact]
    public void A_second_report_gives_back_the_previous_figures_and_the_risk_terms_follow_by_hand()
    {
        var mapped = BrandPerceptionMapper.Map(Day2)!;

        Assert.Equal(
            [
                new RiskPerception("Crumb & Co", true, 0.25, 2, 0.2, 0.5, 1, 0.7),
                new RiskPerception("Loaf Lab", false, 0.5, 1, 0.5, 0.25, 2, 0.2),
                // Rise Up was never named before: a share of 0 then, but no rank or sentiment to compare.
                new RiskPerception("Rise Up", false, 0.25, 2, 0.1, 0, null, null),
            ],
            mapped);

        var risk = RiskScore.Compute(NoDrift, mapped);
        Assert.True(risk.PerceptionAvailable);
        Assert.Equal(25, Points(risk, RiskScore.SentimentDrop), 9); // 0.7 − 0.2 = 0.5: full scale
        Assert.Equal(25, Points(risk, RiskScore.ShareLost), 9);     // 0.5 − 0.25 = 0.25 ≥ 0.20: full scale
        Assert.Equal(20, Points(risk, RiskScore.CompetitorSurge), 9); // 0.25 gained by Loaf Lab and by Rise Up ≥ 0.20: full scale
        Assert.Equal(70, risk.Score);

        var alerts = AlertRules.Evaluate(new NightlyAlertOptions(), NoDrift, risk, mapped);
        Assert.Equal([AlertRules.Risk, AlertRules.ShareDrop], alerts.Select(a => a.Rule));
        Assert.Equal(25, alerts[1].Value, 9); // points of share lost, against the default 10
    }

    [Fact]
    public void A_report_without_an_answered_probe_measured_nothing_and_maps_to_null()
    {
        var failed = PerceptionAggregator.Aggregate(Profile, [], [new ProbeFailure("Q1", "InvalidOutput", "cut"), new ProbeFailure("Q2", "ContentFilter", "x")],
            Day1, costUsd: 0, Now.AddDays(1));

        Assert.Null(BrandPerceptionMapper.Map(failed));
        Assert.Null(BrandPerceptionMapper.Map(null));
    }

    private static readonly DriftReport NoDrift = CatalogDrift.Compute(null, CatalogState.Empty);

    private static double Points(RiskAssessment risk, string term) => risk.Terms.Single(t => t.Name == term).Points;
}
