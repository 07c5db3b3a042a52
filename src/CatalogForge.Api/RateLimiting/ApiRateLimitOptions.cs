using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;

namespace CatalogForge.Api.RateLimiting;

/// <summary>
/// Section <c>Api:RateLimit</c>: each tenant's request rate, a token bucket per tenant in each host instance. A request
/// takes a token; <see cref="TokensPerPeriod"/> come back every <see cref="ReplenishmentPeriod"/>, up to
/// <see cref="TokenLimit"/> (the burst). Anonymous routes (health, readiness) are not limited.
/// </summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimit";

    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000, ErrorMessage = "Api:RateLimit:TokenLimit must be between {1} and {2}.")]
    public int TokenLimit { get; set; } = 100;

    [Range(1, 1_000_000, ErrorMessage = "Api:RateLimit:TokensPerPeriod must be between {1} and {2}.")]
    public int TokensPerPeriod { get; set; } = 50;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Api:RateLimit:ReplenishmentPeriod must be between {1} and {2}.")]
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);

    public TokenBucketRateLimiterOptions ToTokenBucket() => new()
    {
        TokenLimit = TokenLimit,
        TokensPerPeriod = TokensPerPeriod,
        ReplenishmentPeriod = ReplenishmentPeriod,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
