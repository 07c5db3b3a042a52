namespace CatalogForge.Core.Perception;

/// <summary>
/// Turns probe answers into a <see cref="PerceptionReport"/> (the formulas are documented there). A previous report
/// without a single answered probe measured nothing: the changes are then null, not "everything gained".
/// </summary>
public static class PerceptionAggregator
{
    public static PerceptionReport Aggregate(
        BrandProfile profile,
        IReadOnlyList<ProbeAnswer> answers,
        IReadOnlyList<ProbeFailure> failures,
        PerceptionReport? previous,
        decimal costUsd,
        DateTimeOffset computedAt)
    {
        previous = previous is { AnsweredProbes: > 0 } ? previous : null;
        var mentions = answers.SelectMany(answer => answer.Mentions).ToList();
        var total = mentions.Count;
        var brands = profile.AllBrands.Select((brand, index) =>
        {
            var own = mentions.Where(m => string.Equals(m.Brand, brand, StringComparison.OrdinalIgnoreCase)).ToList();
            var share = Share(own.Count, total);
            double? rank = own.Count == 0 ? null : Round(own.Average(m => m.Rank));
            double? sentiment = own.Count == 0 ? null : Round(own.Average(m => m.Sentiment));
            var before = previous?.Brands.FirstOrDefault(b => string.Equals(b.Brand, brand, StringComparison.OrdinalIgnoreCase));
            return new BrandPerception
            {
                Brand = brand,
                IsOwn = index == 0,
                Mentions = own.Count,
                MentionShare = share,
                MeanRank = rank,
                MeanSentiment = sentiment,
                ShareChange = before is null ? null : Round(share - before.MentionShare),
                RankChange = Difference(rank, before?.MeanRank),
                SentimentChange = Difference(sentiment, before?.MeanSentiment),
            };
        }).ToList();

        var other = mentions.Count(m => string.Equals(m.Brand, BrandProfileRules.Other, StringComparison.OrdinalIgnoreCase));
        return new PerceptionReport
        {
            Brand = profile.Brand,
            Language = profile.Language,
            ComputedAt = computedAt,
            ProbeCount = answers.Count + failures.Count,
            AnsweredProbes = answers.Count,
            TotalMentions = total,
            Brands = brands,
            OtherShare = Share(other, total),
            Failures = failures,
            CostUsd = costUsd,
        };
    }

    private static double Share(int count, int total) => total == 0 ? 0 : Round((double)count / total);

    private static double? Difference(double? now, double? before) => now is { } a && before is { } b ? Round(a - b) : null;

    private static double Round(double value) => Math.Round(value, 4);
}
