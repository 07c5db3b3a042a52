namespace CatalogForge.AiEmulator.Limits;

internal enum RateLimitReason
{
    None,
    Tokens,
    Requests,
}

/// <param name="RetryAfter">When rejected: how long until the same request would be admitted.</param>
/// <param name="RemainingRequests">Requests left in the current 10 s window; null when requests are unlimited.</param>
/// <param name="RemainingTokens">Tokens left in the 60 s window; null when tokens are unlimited.</param>
internal readonly record struct RateLimitDecision(
    bool Admitted,
    RateLimitReason Reason,
    TimeSpan RetryAfter,
    int? RemainingRequests,
    int? RemainingTokens);
