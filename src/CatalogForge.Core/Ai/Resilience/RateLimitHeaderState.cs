namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// What one deployment's responses say about its quota (<c>x-ratelimit-remaining-requests</c> / <c>-tokens</c>) and
/// the slowdown that follows. While the last response showed that the next call would not fit (no request left, or
/// fewer tokens left than the last call charged), calls are spaced at the configured sustainable pace (one window /
/// requests per window; charge × 60 s / TPM) instead of being sent in a burst into a 429. A response that shows room
/// again ends the slowdown. A shortage that this process's own client-side limit explains (its window is as full as the
/// server says) adds no slowdown: the limiter already waits for it. Pure logic over a <see cref="TimeProvider"/>; thread-safe.
/// </summary>
public sealed class RateLimitHeaderState
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _requestInterval;
    private readonly int _requestsPerWindow;
    private readonly int? _tokensPerMinute;
    private readonly Func<OwnUsage>? _ownUsage;
    private bool _exhausted;
    private DateTimeOffset _nextSlot = DateTimeOffset.MinValue;
    private int _lastCharge;

    /// <param name="limits">The deployment's configured limits; they set the pace while the server reports exhaustion.</param>
    /// <param name="ownUsage">What this process's own limiter has in use now; null when there is no such limiter to explain a shortage.</param>
    public RateLimitHeaderState(DeploymentRateLimits limits, TimeProvider? timeProvider = null, Func<OwnUsage>? ownUsage = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _time = timeProvider ?? TimeProvider.System;
        _requestInterval = DeploymentRateLimits.RequestWindow / limits.RequestsPerWindow;
        _requestsPerWindow = limits.RequestsPerWindow;
        _tokensPerMinute = limits.TokensPerMinute;
        _ownUsage = ownUsage;
    }

    /// <summary>Requests in this process's current 10 s window and tokens in its current minute.</summary>
    public readonly record struct OwnUsage(int Requests, int Tokens);

    /// <summary>True while the last response said the next call would not fit.</summary>
    public bool IsSlowedDown
    {
        get
        {
            lock (_gate)
            {
                return _exhausted;
            }
        }
    }

    /// <summary>Records a response's remaining quota (null when it sent no such header).</summary>
    public void Observe(int? remainingRequests, int? remainingTokens)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var tokenDeficit = remainingTokens is { } tokens && tokens < _lastCharge ? _lastCharge - tokens : 0;
            var requestsShort = remainingRequests is <= 0;
            if ((requestsShort || tokenDeficit > 0) && _ownUsage?.Invoke() is { } own)
            {
                requestsShort &= own.Requests < _requestsPerWindow;
                tokenDeficit = _tokensPerMinute is { } tpm && own.Tokens + _lastCharge > tpm ? 0 : tokenDeficit;
            }

            _exhausted = requestsShort || tokenDeficit > 0;
            if (!_exhausted)
            {
                return;
            }

            // The first slot after exhaustion waits one pace interval (or the time the token deficit needs to free at the configured pace).
            var wait = Max(_requestInterval, TokenInterval(tokenDeficit));
            _nextSlot = Max(_nextSlot, now + wait);
        }
    }

    /// <summary>
    /// Books the next call (charging <paramref name="tokens"/>) and returns how long it must wait before it is sent:
    /// zero unless the server reported exhaustion, else until its own paced slot.
    /// </summary>
    public TimeSpan Reserve(int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        lock (_gate)
        {
            _lastCharge = tokens;
            if (!_exhausted)
            {
                return TimeSpan.Zero;
            }

            var now = _time.GetUtcNow();
            var start = Max(now, _nextSlot);
            _nextSlot = start + Max(_requestInterval, TokenInterval(tokens));
            return start - now;
        }
    }

    private TimeSpan TokenInterval(int tokens) =>
        _tokensPerMinute is { } tpm && tokens > 0 ? DeploymentRateLimits.TokenWindow * Math.Min(1.0, (double)tokens / tpm) : TimeSpan.Zero;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
