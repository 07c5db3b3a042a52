using System.ComponentModel.DataAnnotations;

namespace CatalogForge.Api.Tenancy;

/// <summary>
/// Section <c>Auth:ApiKeys</c>: how presented API keys are resolved in either host. Lookups are remembered under the
/// key's SHA-256 in a bounded cache, so a revoked key stops working within <see cref="CacheDuration"/>; clients that
/// keep sending bad keys are throttled without touching storage.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Auth:ApiKeys";

    /// <summary>How long a valid key's lookup is remembered: the longest a revoked key keeps working (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an unknown, revoked or expired key's lookup is remembered (default 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan UnknownKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most entries each of the key cache, the failed-attempt table and the last-used table holds.</summary>
    [Range(100, 1_000_000)]
    public int CacheSize { get; set; } = 10_000;

    /// <summary>A key's last-used time is written at most once per this interval per process (default 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LastUsedInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed attempts (missing-in-storage, revoked or expired keys) one client may make per window before 429.</summary>
    [Range(1, 100_000)]
    public int FailedAttemptLimit { get; set; } = 20;

    /// <summary>The window <see cref="FailedAttemptLimit"/> counts in, starting at a client's first failure (default 1 minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FailedAttemptWindow { get; set; } = TimeSpan.FromMinutes(1);
}
