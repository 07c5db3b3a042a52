using System.Threading.RateLimiting;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// One deployment's client-side limiter: a sliding window of requests and, when configured, one of tokens (each call
/// charged its estimated prompt plus max output tokens), then the slowdown its responses' quota headers ask for.
/// Calls queue (oldest first) instead of being rejected; every wait honours the caller's cancellation.
/// </summary>
public sealed class DeploymentRateLimiter : IDisposable
{
    private const int Segments = 10;

    /// <summary>
    /// A window limiter frees a segment's permits at a segment boundary, up to one segment earlier than an exact sliding
    /// log like Azure's; the window is lengthened by that segment, plus this much for the request's trip to the server.
    /// </summary>
    private static readonly TimeSpan TransitMargin = TimeSpan.FromSeconds(1);

    private readonly SlidingWindowRateLimiter _requests;
    private readonly SlidingWindowRateLimiter? _tokens;
    private readonly TimeProvider _time;

    public DeploymentRateLimiter(DeploymentRateLimits limits, RateLimitHeaderState headers, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(headers);
        Limits = limits;
        Headers = headers;
        _time = timeProvider ?? TimeProvider.System;
        _requests = Window(limits.RequestsPerWindow, DeploymentRateLimits.RequestWindow);
        _tokens = limits.TokensPerMinute is { } tpm ? Window(tpm, DeploymentRateLimits.TokenWindow) : null;
    }

    public DeploymentRateLimits Limits { get; }

    public RateLimitHeaderState Headers { get; }

    /// <summary>
    /// Waits until a call charging <paramref name="tokens"/> may be sent. The lease is always acquired (the queues are unbounded)
    /// unless the limiter was disposed. A charge above the whole token budget is capped at it, so such a call goes once the window is empty.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(int tokens, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        if (_tokens is not null && tokens > 0)
        {
            using var tokenLease = await _tokens.AcquireAsync(Math.Min(tokens, Limits.TokensPerMinute!.Value), cancellationToken);
            if (!tokenLease.IsAcquired)
            {
                return tokenLease;
            }
        }

        var lease = await _requests.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            return lease;
        }

        var slowdown = Headers.Reserve(tokens);
        if (slowdown > TimeSpan.Zero)
        {
            await Task.Delay(slowdown, _time, cancellationToken);
        }

        return lease;
    }

    public void Dispose()
    {
        _requests.Dispose();
        _tokens?.Dispose();
    }

    private static SlidingWindowRateLimiter Window(int permits, TimeSpan window) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = permits,
        SegmentsPerWindow = Segments,
        Window = ((window + TransitMargin) * Segments) / (Segments - 1),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });
}
