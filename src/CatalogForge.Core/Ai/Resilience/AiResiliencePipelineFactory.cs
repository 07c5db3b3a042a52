using System.ClientModel;
using System.Collections.Concurrent;
using System.Globalization;
using CatalogForge.Core.Domain;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace CatalogForge.Core.Ai.Resilience;

/// <summary>
/// Builds, and caches, one Polly pipeline per deployment: a retry that gives each <see cref="ErrorClass"/> its own
/// number of retries and waits at least as long as the server's Retry-After, around the deployment's client-side rate
/// limiter (when it has one; every attempt queues there, placed by the call's <see cref="AiCallCharge.Admission"/>),
/// around a per-attempt timeout that starts once the limiter lets the attempt go.
/// </summary>
public sealed class AiResiliencePipelineFactory
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.OrdinalIgnoreCase);
    private readonly RetryPolicyOptions _options;
    private readonly TimeProvider _time;
    private readonly DeploymentRateLimiters? _limiters;

    public AiResiliencePipelineFactory(
        RetryPolicyOptions options, AiResilienceMetrics? metrics = null, TimeProvider? timeProvider = null, DeploymentRateLimiters? limiters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _limiters = limiters;
        Metrics = metrics ?? new AiResilienceMetrics();
    }

    public AiResilienceMetrics Metrics { get; }

    /// <summary>The pipeline for the deployment, built on first use.</summary>
    public ResiliencePipeline GetPipeline(string deployment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        return _pipelines.GetOrAdd(deployment, Build);
    }

    /// <summary>
    /// The wait the server asked for: <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as an HTTP date;
    /// null when the exception carries no response or no such header.
    /// </summary>
    /// <summary>
    /// Added to every wait a provider asks for: timers fire on whole-millisecond ticks and may fire up to one tick early,
    /// and a retry that arrives before the window the provider named opens is refused again.
    /// </summary>
    public static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(2);

    private TimeSpan? ServerWait(Exception exception) => GetServerRetryAfter(exception, _time) + TimerSlack;

    public static TimeSpan? GetServerRetryAfter(Exception exception, TimeProvider? timeProvider = null)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is not ClientResultException result)
            {
                continue;
            }

            var headers = result.GetRawResponse()?.Headers;
            if (headers is null)
            {
                return null;
            }

            if (headers.TryGetValue("retry-after-ms", out var ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }

            if (headers.TryGetValue("Retry-After", out var retryAfter) && !string.IsNullOrWhiteSpace(retryAfter))
            {
                if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                {
                    return TimeSpan.FromSeconds(seconds);
                }

                if (DateTimeOffset.TryParseExact(retryAfter.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                    || DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
                {
                    var wait = date - (timeProvider ?? TimeProvider.System).GetUtcNow();
                    return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
                }
            }

            return null;
        }

        return null;
    }

    /// <summary>The backoff before retry <paramref name="retryIndex"/> (0 = the first retry), before the server's Retry-After is applied.</summary>
    internal TimeSpan Backoff(int retryIndex)
    {
        var exponent = Math.Min(retryIndex, 30);
        var ticks = Math.Min(_options.BaseDelay.Ticks * Math.Pow(2, exponent), _options.MaxDelay.Ticks);
        if (_options.UseJitter)
        {
            ticks *= 0.5 + (Random.Shared.NextDouble() * 0.5);
        }

        return TimeSpan.FromTicks((long)ticks);
    }

    private ResiliencePipeline Build(string deployment)
    {
        var maxRetries = Math.Max(1, _options.Attempts.Values.DefaultIfEmpty(0).Max());
        var limiter = _limiters?.For(deployment);
        var builder = new ResiliencePipelineBuilder { Name = $"ai:{deployment}", TimeProvider = _time };
        builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = maxRetries,
            ShouldHandle = args =>
            {
                if (args.Outcome.Exception is not { } exception)
                {
                    return ValueTask.FromResult(false);
                }

                var errorClass = AiErrorClassifier.Classify(exception);
                if (errorClass == ErrorClass.RateLimited)
                {
                    Metrics.RecordRateLimited(deployment);
                    if (limiter is not null && args.Context.Properties.TryGetValue(AiCallCharge.Lease, out var lease))
                    {
                        limiter.Rejected(lease, ServerWait(exception));
                    }
                }

                return ValueTask.FromResult(args.AttemptNumber < _options.AttemptsFor(errorClass));
            },
            DelayGenerator = args =>
            {
                var delay = Backoff(args.AttemptNumber);
                if (args.Outcome.Exception is { } exception && ServerWait(exception) is { } serverWait)
                {
                    // A 429 names the moment its window has room. With a client-side limiter, which holds every call
                    // until then and lets them go in order, waiting longer only wastes quota; without one, the backoff
                    // (with jitter) stays the floor so that calls refused together do not all come back at once.
                    var exact = limiter is not null && AiErrorClassifier.Classify(exception) == ErrorClass.RateLimited;
                    delay = exact || serverWait > delay ? serverWait : delay;
                }

                return ValueTask.FromResult<TimeSpan?>(delay);
            },
            OnRetry = _ =>
            {
                Metrics.RecordRetry(deployment);
                return ValueTask.CompletedTask;
            },
        });
        if (limiter is not null)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = async args =>
                {
                    var properties = args.Context.Properties;
                    var waitStarted = _time.GetTimestamp();
                    var lease = await limiter.AcquireAsync(
                        properties.GetValue(AiCallCharge.Tokens, 0), properties.GetValue(AiCallCharge.Admission, AdmissionKey.System), args.Context.CancellationToken);
                    properties.Set(AiCallCharge.Lease, lease);
                    Telemetry.CatalogForgeMetrics.RateLimiterWaited(deployment, _time.GetElapsedTime(waitStarted));
                    return lease;
                },
            });
        }

        builder.AddTimeout(_options.PerAttemptTimeout);
        return builder.Build();
    }
}
