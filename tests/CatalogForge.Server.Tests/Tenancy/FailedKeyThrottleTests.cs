using CatalogForge.Api.Tenancy;
using CatalogForge.Testing;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tests.Tenancy;

/// <summary>The failed-attempt window in isolation, on a clock the test moves.</summary>
public sealed class FailedKeyThrottleTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_client_is_refused_from_its_limit_until_its_window_ends_then_starts_afresh()
    {
        using var throttle = Create(limit: 3, window: TimeSpan.FromMinutes(1));

        throttle.RecordFailure("203.0.113.1");
        _time.Advance(TimeSpan.FromSeconds(10));
        throttle.RecordFailure("203.0.113.1");
        Assert.Null(throttle.RetryAfter("203.0.113.1"));
        throttle.RecordFailure("203.0.113.1");

        Assert.Equal(TimeSpan.FromSeconds(50), throttle.RetryAfter("203.0.113.1"));
        Assert.Null(throttle.RetryAfter("203.0.113.2"));

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(throttle.RetryAfter("203.0.113.1"));
        throttle.RecordFailure("203.0.113.1");
        throttle.RecordFailure("203.0.113.1");
        Assert.Null(throttle.RetryAfter("203.0.113.1"));
    }

    private FailedKeyThrottle Create(int limit, TimeSpan window) =>
        new(Options.Create(new ApiKeyOptions { FailedAttemptLimit = limit, FailedAttemptWindow = window }), _time);
}
