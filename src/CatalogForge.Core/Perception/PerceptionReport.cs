namespace CatalogForge.Core.Perception;

/// <summary>
/// One model answer to one probe: the brands it named, best first. Each brand appears once (the model's first mention
/// counts); <see cref="BrandMention.Brand"/> is a profile name or <c>other</c>.
/// </summary>
public sealed record ProbeAnswer(string Probe, IReadOnlyList<BrandMention> Mentions);

/// <param name="Rank">1-based position in the answer.</param>
/// <param name="Sentiment">−1 (negative) … 1 (positive).</param>
public sealed record BrandMention(string Brand, int Rank, double Sentiment, string Reason);

/// <summary>A probe the model could not answer usably, with the classified reason.</summary>
public sealed record ProbeFailure(string Probe, string ErrorClass, string Message);

/// <summary>
/// How the chat model sees the tenant's brand next to its competitors, from one run of the probes; a plain record for the
/// nightly run to store as it is and hand back as <c>previous</c> to the next run.
/// <list type="bullet">
/// <item><see cref="BrandPerception.MentionShare"/>: the brand's mentions ÷ all mentions, 0…1. A profile brand counts
/// at most once per answer, every <c>other</c> entry counts, so the shares of the brands and <see cref="OtherShare"/> add
/// up to 1 when anything was mentioned.</item>
/// <item><see cref="BrandPerception.MeanRank"/>: the mean 1-based position in the answers that name the brand (lower is better).</item>
/// <item><see cref="BrandPerception.MeanSentiment"/>: the mean sentiment of those mentions, −1…1.</item>
/// <item>The <c>…Change</c> values: this run minus the previous run's value (share in points of 0…1), null without a
/// previous run or when either run has no value.</item>
/// </list>
/// </summary>
public sealed record PerceptionReport
{
    public required string Brand { get; init; }
    public required string Language { get; init; }
    public required DateTimeOffset ComputedAt { get; init; }
    public required int ProbeCount { get; init; }
    public required int AnsweredProbes { get; init; }
    public required int TotalMentions { get; init; }

    /// <summary>The profile's brand first, then its competitors in profile order.</summary>
    public required IReadOnlyList<BrandPerception> Brands { get; init; }

    /// <summary>The share of mentions that went to brands outside the profile.</summary>
    public required double OtherShare { get; init; }

    public required IReadOnlyList<ProbeFailure> Failures { get; init; }

    /// <summary>What the probes cost, in US dollars (cache hits cost nothing).</summary>
    public required decimal CostUsd { get; init; }

    /// <summary>Input tokens of the probes the model answered (cache hits use none).</summary>
    public long InputTokens { get; init; }
}

public sealed record BrandPerception
{
    public required string Brand { get; init; }

    /// <summary>True for the tenant's own brand.</summary>
    public required bool IsOwn { get; init; }

    public required int Mentions { get; init; }
    public required double MentionShare { get; init; }
    public double? MeanRank { get; init; }
    public double? MeanSentiment { get; init; }
    public double? ShareChange { get; init; }
    public double? RankChange { get; init; }
    public double? SentimentChange { get; init; }
}
