using System.Collections.Concurrent;
using CatalogForge.AiEmulator.State;

namespace CatalogForge.AiEmulator;

/// <summary>
/// Everything the emulator remembers: per-deployment settings (changeable at run time), counters and the
/// request log. Thread-safe.
/// </summary>
public sealed class EmulatorState
{
    private readonly Lock _recordGate = new();
    private readonly ConcurrentDictionary<string, DeploymentRuntime> _runtimes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _configuredNames = new(StringComparer.OrdinalIgnoreCase);
    private readonly DeploymentSettings _defaults;
    private readonly CounterBook _counters = new();
    private readonly RequestLog _log;
    private long _sequence;

    public EmulatorState(EmulatorOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        EmulatorOptionsValidator.ThrowIfInvalid(options);
        TimeProvider = timeProvider ?? TimeProvider.System;
        RequireApiKey = options.RequireApiKey;
        StrictDeployments = options.StrictDeployments;
        _defaults = options.Defaults with { ContentFilterTriggers = [.. options.Defaults.ContentFilterTriggers] };
        _log = new RequestLog(options.RequestLogCapacity);
        foreach (var (name, settings) in options.Deployments)
        {
            Configure(name, settings);
        }
    }

    public TimeProvider TimeProvider { get; }

    public bool RequireApiKey { get; }

    public bool StrictDeployments { get; }

    /// <summary>A copy of the settings used by deployments that were never configured.</summary>
    public DeploymentSettings Defaults => _defaults with { };

    /// <summary>Deployments configured at start or through <see cref="Configure"/>, plus any others used so far.</summary>
    public IReadOnlyDictionary<string, DeploymentSettings> Deployments =>
        _runtimes.ToDictionary(pair => pair.Key, pair => pair.Value.Settings with { }, StringComparer.OrdinalIgnoreCase);

    /// <summary>A copy of the request log, oldest first.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_recordGate)
            {
                return _log.ToArray();
            }
        }
    }

    public EmulatorCounters Snapshot()
    {
        lock (_recordGate)
        {
            return _counters.Snapshot();
        }
    }

    /// <summary>
    /// Zeroes the counters and empties the request log. Rate-limit windows, fault draws and
    /// <see cref="DeploymentSettings.ServerErrorsBeforeSuccess"/> restart too, so a run after a reset
    /// behaves like one on a freshly started emulator with the current settings.
    /// </summary>
    public void Reset()
    {
        lock (_recordGate)
        {
            _counters.Clear();
            _log.Clear();
        }

        foreach (var (name, runtime) in _runtimes)
        {
            _runtimes[name] = new DeploymentRuntime(name, runtime.Settings, TimeProvider);
        }
    }

    /// <summary>Replaces a deployment's settings (a copy is kept) and restarts its rate windows and fault draws.</summary>
    /// <exception cref="ArgumentException">When the settings are invalid.</exception>
    public void Configure(string deployment, DeploymentSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = EmulatorOptionsValidator.Validate(settings, $"Emulator:Deployments:{deployment}");
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(settings));
        }

        var copy = settings with { ContentFilterTriggers = [.. settings.ContentFilterTriggers] };
        _configuredNames[deployment] = 0;
        _runtimes[deployment] = new DeploymentRuntime(deployment, copy, TimeProvider);
    }

    /// <summary>A copy of the settings the deployment runs with (the defaults when it was never configured).</summary>
    public DeploymentSettings GetSettings(string deployment) =>
        _runtimes.TryGetValue(deployment, out var runtime) ? runtime.Settings with { } : Defaults;

    /// <summary>True when the deployment was configured; with StrictDeployments only these are served.</summary>
    public bool IsConfigured(string deployment) => _configuredNames.ContainsKey(deployment);

    internal DeploymentRuntime GetRuntime(string deployment) =>
        _runtimes.GetOrAdd(deployment, name => new DeploymentRuntime(name, _defaults, TimeProvider));

    internal RecordedRequest Record(
        DateTimeOffset receivedAt,
        RequestKind kind,
        string deployment,
        string bodyHash,
        string promptPreview,
        int statusCode,
        FaultKind? fault,
        int promptTokens,
        int completionTokens,
        int images,
        TimeSpan duration,
        long? retryAfterMs = null)
    {
        lock (_recordGate)
        {
            var entry = new RecordedRequest(
                ++_sequence,
                receivedAt,
                kind,
                deployment,
                bodyHash,
                promptPreview,
                statusCode,
                fault,
                promptTokens,
                completionTokens,
                images,
                duration.TotalMilliseconds,
                retryAfterMs);
            _log.Add(entry);
            _counters.Add(entry);
            return entry;
        }
    }
}
