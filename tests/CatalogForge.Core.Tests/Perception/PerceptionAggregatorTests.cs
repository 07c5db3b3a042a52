using System.Text.Json;
using CatalogForge.Core.Perception;

namespace CatalogForge.Core.Tests.Perception;

public sealed class PerceptionAggregatorTests
{
    private static readonly BrandProfile Profile = new()
    {
        Brand = "Crumb & Co",
        Competitors = ["Loaf Lab", "Rise Up"],
        Probes = ["Q1", "Q2", "Q3"],
        Language = "en",
    };

    private static readonly DateTimeOffset Now = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Shares_ranks_and_sentiments_come_out_as_computed_by_hand()
    {
        // Q1: Crumb 1st (+0.8), Loaf 2nd (−0.2). Q2: Loaf 1st (+0.6), other 2nd, Crumb 3rd (+0.4). Q3: other 1st, Loaf 2nd (0).
        ProbeAnswer[] answers =
        [
            new("Q1", [new("Crumb & Co", 1, 0.8, "r"), new("Loaf Lab", 2, -0.2, "r")]),
            new("Q2", [new("Loaf Lab", 1, 0.6, "r"), new("other", 2, 0.1, "r"), new("Crumb & Co", 3, 0.4, "r")]),
            new("Q3", [new("other", 1, 0.5, "r"), new("Loaf Lab", 2, 0, "r")]),
        ];

        var report = PerceptionAggregator.Aggregate(Profile, answers, [], previous: null, costUsd: 0.003m, Now);

        Assert.Equal(7, report.TotalMentions);
        Assert.Equal(3, report.AnsweredProbes);
        var crumb = report.Brands[0];
        Assert.True(crumb.IsOwn);
        Assert.Equal(2, crumb.Mentions);
        Assert.Equal(Math.Round(2.0 / 7, 4), crumb.MentionShare);
        Assert.Equal(2.0, crumb.MeanRank);          // (1 + 3) / 2
        Assert.Equal(0.6, crumb.MeanSentiment);     // (0.8 + 0.4) / 2
        var loaf = report.Brands[1];
        Assert.Equal(Math.Round(3.0 / 7, 4), loaf.MentionShare);
        Assert.Equal(Math.Round(5.0 / 3, 4), loaf.MeanRank);        // (2 + 1 + 2) / 3
        Assert.Equal(Math.Round(0.4 / 3, 4), loaf.MeanSentiment);   // (−0.2 + 0.6 + 0) / 3
        var rise = report.Brands[2];
        Assert.Equal(0, rise.Mentions);
        Assert.Equal(0, rise.MentionShare);
        Assert.Null(rise.MeanRank);
        Assert.Null(rise.MeanSentiment);
        Assert.Equal(Math.Round(2.0 / 7, 4), report.OtherShare);
        Assert.Null(crumb.ShareChange);
        Assert.Equal(0.003m, report.CostUsd);
    }

    [Fact]
    public void Changes_are_this_run_minus_the_previous_run()
    {
        var before = PerceptionAggregator.Aggregate(Profile,
            [new("Q1", [new("Crumb & Co", 1, 0.5, "r"), new("Loaf Lab", 2, 0.5, "r")])], [], null, 0, Now.AddDays(-1));

        var now = PerceptionAggregator.Aggregate(Profile,
            [new("Q1", [new("Loaf Lab", 1, 0.9, "r"), new("Crumb & Co", 2, -0.5, "r"), new("Rise Up", 3, 0.1, "r"), new("other", 4, 0, "r")])],
            [], before, 0, Now);

        var crumb = now.Brands[0];
        Assert.Equal(0.25 - 0.5, crumb.ShareChange);
        Assert.Equal(1.0, crumb.RankChange);          // 2 − 1: fell one place
        Assert.Equal(-1.0, crumb.SentimentChange);    // −0.5 − 0.5
        Assert.Equal(-1.0, now.Brands[1].RankChange);
        Assert.Equal(0.25, now.Brands[2].ShareChange); // 0.25 − 0
        Assert.Null(now.Brands[2].RankChange);         // no rank the day before
    }

    [Fact]
    public void A_previous_run_without_an_answered_probe_is_no_baseline()
    {
        var failedDay = PerceptionAggregator.Aggregate(Profile, [], [new ProbeFailure("Q1", "InvalidOutput", "cut")], null, 0, Now.AddDays(-1));

        var now = PerceptionAggregator.Aggregate(Profile, [new("Q1", [new("Crumb & Co", 1, 0.5, "r")])], [], failedDay, 0, Now);

        Assert.Equal(1.0, now.Brands[0].MentionShare);
        Assert.All(now.Brands, b => Assert.Equal((null, null, null), (b.ShareChange, b.RankChange, b.SentimentChange)));
    }

    [Fact]
    public void Failed_probes_count_as_probes_but_not_in_the_numbers()
    {
        var report = PerceptionAggregator.Aggregate(Profile, [new("Q1", [new("Rise Up", 1, 1, "r")])],
            [new ProbeFailure("Q2", "RateLimited", "429")], null, 0, Now);

        Assert.Equal(2, report.ProbeCount);
        Assert.Equal(1, report.AnsweredProbes);
        Assert.Equal(1.0, report.Brands[2].MentionShare);
        Assert.Single(report.Failures);
    }

    [Fact]
    public void The_report_round_trips_through_json_unchanged()
    {
        var report = PerceptionAggregator.Aggregate(Profile, [new("Q1", [new("Crumb & Co", 1, 0.5, "r")])], [], null, 0.01m, Now);

        var copy = JsonSerializer.Deserialize<PerceptionReport>(JsonSerializer.Serialize(report, Domain.CatalogJson.Options), Domain.CatalogJson.Options)!;

        Assert.Equal(report with { Brands = [], Failures = [] }, copy with { Brands = [], Failures = [] });
        Assert.Equal(report.Brands, copy.Brands);
    }
}
