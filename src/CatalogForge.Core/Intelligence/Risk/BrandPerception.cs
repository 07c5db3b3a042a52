namespace CatalogForge.Core.Intelligence.Risk;

/// <summary>
/// How the chat model sees one brand over a run's probe questions, and the same figures from the run before: the input
/// the risk score needs from perception probes. A value is null when it cannot be known (no previous run; a brand
/// never mentioned has no mean rank or sentiment).
/// </summary>
/// <param name="Brand">The brand's name as in the tenant's brand profile.</param>
/// <param name="IsOwn">True for the tenant's own brand, false for a competitor.</param>
/// <param name="MentionShare">The brand's share of all brand mentions in the answers, 0…1.</param>
/// <param name="MeanRank">Mean position (1 = named first) over the answers that mention it.</param>
/// <param name="MeanSentiment">Mean sentiment −1…1 over the answers that mention it.</param>
public sealed record BrandPerception(
    string Brand,
    bool IsOwn,
    double MentionShare,
    double? MeanRank,
    double? MeanSentiment,
    double? PreviousMentionShare,
    double? PreviousMeanRank,
    double? PreviousMeanSentiment);
