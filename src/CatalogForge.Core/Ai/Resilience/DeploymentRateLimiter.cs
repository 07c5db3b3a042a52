using System.Threading.RateLimiting;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// One deployment's client-side limiter: an exact sliding log of requests per 10 s window and, when configured, one of
/// tokens per minute (each call charged its estimated prompt plus max output tokens), then the slowdown its responses'
/// quota headers ask for. Calls queue instead of being rejected, tenants in turn and each tenant's most urgent first
/// (<see cref="FairWaitQueue{T}"/>); every wait honours the caller's cancellation.
/// </summary>
/// <remarks>
/// Requests and tokens are one admission, not two queues in a row: a call waits once, in one fair order, until both
/// logs have room, and is counted in both at the moment it is sent. With two queues the fairness of the first would
/// be undone by the second (calls released together by the first reach the second in whatever order their
/// continuations run, and when the second is the tighter limit it alone decides, first come first served), and tokens
/// granted by the first would be counted while their call still waited for a request slot.
/// </remarks>
public sealed class DeploymentRateLimiter : IDisposable
{
    private const int RequestLog = 0;
    private const int TokenLog = 1;
    private readonly SlidingLogLimiter _limiter;
    private readonly bool _countsTokens;
    private readonly TimeProvider _time;

    public DeploymentRateLimiter(DeploymentRateLimits limits, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        _time = timeProvider ?? TimeProvider.System;
        var requests = new SlidingLogLimit(limits.RequestsPerWindow, DeploymentRateLimits.RequestWindow);
        _countsTokens = limits.TokensPerMinute is not null;
        _limiter = new SlidingLogLimiter(
            limits.TokensPerMinute is { } tpm ? [requests, new SlidingLogLimit(tpm, DeploymentRateLimits.TokenWindow)] : [requests],
            limits.TransitMargin,
            _time);
        Headers = new RateLimitHeaderState(limits, _time,
            () => new RateLimitHeaderState.OwnUsage(_limiter.InUseOf(RequestLog), _countsTokens ? _limiter.InUseOf(TokenLog) : 0));
    }

    public DeploymentRateLimits Limits { get; }

    /// <summary>What the deployment's responses say about its quota; fed by the SDK client's <see cref="RateLimitHeaderPolicy"/>.</summary>
    public RateLimitHeaderState Headers { get; }

    /// <summary>Calls waiting for their turn (for tests and diagnostics).</summary>
    public int Waiting => _limiter.Waiting;

    /// <summary><see cref="AcquireAsync(int, AdmissionKey, CancellationToken)"/> for system work (no tenant).</summary>
    public ValueTask<RateLimitLease> AcquireAsync(int tokens, CancellationToken cancellationToken) =>
        AcquireAsync(tokens, AdmissionKey.System, cancellationToken);

    /// <summary>
    /// Waits until a call charging <paramref name="tokens"/> may be sent, in the fair order of <paramref name="admission"/>.
    /// The lease is always acquired: the queue is unbounded, and a charge above the whole token budget is capped at it,
    /// so such a call goes once the window is empty. The call is counted when its wait ends, i.e. when it is sent; pass
    /// the lease to <see cref="Rejected"/> on a 429.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(int tokens, AdmissionKey admission, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        var slowdown = Headers.Reserve(tokens);
        if (slowdown > TimeSpan.Zero)
        {
            await Task.Delay(slowdown, _time, cancellationToken);
        }

        var grant = _countsTokens
            ? _limiter.AcquireAsync([1, tokens], admission, cancellationToken)
            : _limiter.AcquireAsync([1], admission, cancellationToken);
        return new SentLease(await grant);
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
            _limiter.HoldFor(wait);
        }

        _limiter.Refund(sent.Grant);
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>Permits of a sliding log are spent, not held: disposing the lease returns nothing (only a 429 does).</summary>
    private sealed class SentLease(SlidingLogLimiter.Grant grant) : RateLimitLease
    {
        public SlidingLogLimiter.Grant Grant { get; } = grant;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
