using System.Threading.RateLimiting;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// One deployment's client-side limiter: an exact sliding log of requests per 10 s window and, when configured, one of
/// tokens per minute (each call charged its estimated prompt plus max output tokens), then the slowdown its responses'
/// quota headers ask for. Calls queue (oldest first) instead of being rejected; every wait honours the caller's cancellation.
/// </summary>
public sealed class DeploymentRateLimiter : IDisposable
{
    private readonly SlidingLogLimiter _requests;
    private readonly SlidingLogLimiter? _tokens;
    private readonly TimeProvider _time;

    public DeploymentRateLimiter(DeploymentRateLimits limits, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _time = timeProvider ?? TimeProvider.System;
        _requests = new SlidingLogLimiter(limits.RequestsPerWindow, DeploymentRateLimits.RequestWindow, limits.TransitMargin, _time);
        _tokens = limits.TokensPerMinute is { } tpm
            ? new SlidingLogLimiter(tpm, DeploymentRateLimits.TokenWindow, limits.TransitMargin, _time)
            : null;
        Headers = new RateLimitHeaderState(limits, _time, () => new RateLimitHeaderState.OwnUsage(_requests.InUse, _tokens?.InUse ?? 0));
    }

    public DeploymentRateLimits Limits { get; }

    /// <summary>What the deployment's responses say about its quota; fed by the SDK client's <see cref="RateLimitHeaderPolicy"/>.</summary>
    public RateLimitHeaderState Headers { get; }

    /// <summary>
    /// Waits until a call charging <paramref name="tokens"/> may be sent. The lease is always acquired: the queues are
    /// unbounded, and a charge above the whole token budget is capped at it, so such a call goes once the window is empty.
    /// The request is counted when its wait ends, i.e. when it is sent; pass the lease to <see cref="Rejected"/> on a 429.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(int tokens, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var slowdown = Headers.Reserve(tokens);
        if (slowdown > TimeSpan.Zero)
        {
            await Task.Delay(slowdown, _time, cancellationToken);
        }

        var tokenGrant = _tokens is not null && tokens > 0 ? await _tokens.AcquireAsync(tokens, cancellationToken) : null;
        try
        {
            return new SentLease(await _requests.AcquireAsync(1, cancellationToken), tokenGrant);
        }
        catch (OperationCanceledException) when (tokenGrant is not null)
        {
            _tokens!.Refund(tokenGrant); // never sent
            throw;
        }
    }

    /// <summary>
    /// The server refused the request sent under <paramref name="lease"/> (429): a refused request uses none of the
    /// quota, so its permits come back, and nothing more is sent before the <paramref name="retryAfter"/> it named.
    /// </summary>
    public void Rejected(RateLimitLease lease, TimeSpan? retryAfter)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease is not SentLease sent)
        {
            return;
        }

        if (retryAfter is { } wait)
        {
            _requests.HoldFor(wait);
            _tokens?.HoldFor(wait);
        }

        _requests.Refund(sent.Request);
        if (sent.Tokens is not null)
        {
            _tokens!.Refund(sent.Tokens);
        }
    }

    public void Dispose()
    {
        _requests.Dispose();
        _tokens?.Dispose();
    }

    /// <summary>Permits of a sliding log are spent, not held: disposing the lease returns nothing (only a 429 does).</summary>
    private sealed class SentLease(SlidingLogLimiter.Grant request, SlidingLogLimiter.Grant? tokens) : RateLimitLease
    {
        public SlidingLogLimiter.Grant Request { get; } = request;

        public SlidingLogLimiter.Grant? Tokens { get; } = tokens;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
