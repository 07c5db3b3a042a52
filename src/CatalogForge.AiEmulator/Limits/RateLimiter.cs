namespace CatalogForge.AiEmulator.Limits;

/// <summary>
/// Azure OpenAI's quota model for one deployment: a token budget over a sliding 60 s window and a
/// request budget of RPM/6 per sliding 10 s window. Rejected requests consume nothing.
/// </summary>
internal sealed class RateLimiter
{
    public static readonly TimeSpan TokenWindow = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan RequestWindow = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Queue<(long Timestamp, int Tokens)> _tokenCharges = new();
    private readonly Queue<long> _requestTimestamps = new();
    private long _tokensInWindow;

    /// <param name="tokensPerMinute">0 = unlimited.</param>
    /// <param name="requestsPerTenSeconds">0 = unlimited.</param>
    public RateLimiter(int tokensPerMinute, int requestsPerTenSeconds, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokensPerMinute);
        ArgumentOutOfRangeException.ThrowIfNegative(requestsPerTenSeconds);
        TokensPerMinute = tokensPerMinute;
        RequestsPerTenSeconds = requestsPerTenSeconds;
        _time = time;
    }

    public int TokensPerMinute { get; }

    public int RequestsPerTenSeconds { get; }

    public static RateLimiter FromSettings(DeploymentSettings settings, TimeProvider time) =>
        new(settings.TokensPerMinute, RequestsPerTenSecondsFor(settings), time);

    /// <summary>Azure grants 6 RPM per 1,000 TPM and checks them as RPM/6 per 10 s (never less than 1).</summary>
    public static int RequestsPerTenSecondsFor(DeploymentSettings settings)
    {
        if (settings.RequestsPerMinute > 0)
        {
            return Math.Max(1, settings.RequestsPerMinute / 6);
        }

        return settings.TokensPerMinute > 0 ? (int)Math.Max(1, settings.TokensPerMinute * 6L / 1000 / 6) : 0;
    }

    /// <param name="tokenCharge">
    /// Prompt estimate plus max output tokens. A charge above the whole budget is capped at the budget,
    /// so such a request is admitted once the window is empty instead of never.
    /// </param>
    public RateLimitDecision TryAcquire(int tokenCharge)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            Expire(now);
            var charge = TokensPerMinute > 0 ? Math.Clamp(tokenCharge, 0, TokensPerMinute) : 0;
            var tokenWait = TimeUntilTokensFit(charge, now);
            var requestWait = TimeUntilRequestFits(now);
            if (tokenWait > TimeSpan.Zero || requestWait > TimeSpan.Zero)
            {
                var reason = tokenWait >= requestWait ? RateLimitReason.Tokens : RateLimitReason.Requests;
                return new RateLimitDecision(false, reason, Max(tokenWait, requestWait), RemainingRequests(), RemainingTokens());
            }

            if (TokensPerMinute > 0)
            {
                _tokenCharges.Enqueue((now, charge));
                _tokensInWindow += charge;
            }

            if (RequestsPerTenSeconds > 0)
            {
                _requestTimestamps.Enqueue(now);
            }

            return new RateLimitDecision(true, RateLimitReason.None, TimeSpan.Zero, RemainingRequests(), RemainingTokens());
        }
    }

    private void Expire(long now)
    {
        while (_tokenCharges.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.Timestamp, now) >= TokenWindow)
        {
            _tokensInWindow -= _tokenCharges.Dequeue().Tokens;
        }

        while (_requestTimestamps.TryPeek(out var oldest) && _time.GetElapsedTime(oldest, now) >= RequestWindow)
        {
            _requestTimestamps.Dequeue();
        }
    }

    private TimeSpan TimeUntilTokensFit(int charge, long now)
    {
        if (TokensPerMinute == 0 || _tokensInWindow + charge <= TokensPerMinute)
        {
            return TimeSpan.Zero;
        }

        // Walk the window oldest first until enough tokens have expired to make room.
        var stillUsed = _tokensInWindow;
        foreach (var (timestamp, tokens) in _tokenCharges)
        {
            stillUsed -= tokens;
            if (stillUsed + charge <= TokensPerMinute)
            {
                return TokenWindow - _time.GetElapsedTime(timestamp, now);
            }
        }

        return TokenWindow;
    }

    private TimeSpan TimeUntilRequestFits(long now)
    {
        if (RequestsPerTenSeconds == 0 || _requestTimestamps.Count < RequestsPerTenSeconds)
        {
            return TimeSpan.Zero;
        }

        // One slot frees when the request RequestsPerTenSeconds places from the newest leaves the window.
        var blocking = _requestTimestamps.ElementAt(_requestTimestamps.Count - RequestsPerTenSeconds);
        return RequestWindow - _time.GetElapsedTime(blocking, now);
    }

    private int? RemainingRequests() =>
        RequestsPerTenSeconds > 0 ? Math.Max(0, RequestsPerTenSeconds - _requestTimestamps.Count) : null;

    private int? RemainingTokens() =>
        TokensPerMinute > 0 ? (int)Math.Max(0, TokensPerMinute - _tokensInWindow) : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a >= b ? a : b;
}
