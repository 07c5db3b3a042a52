using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Faults;

/// <summary>
/// Seeded, lock-protected fault draws for one deployment: the same seed and the same sequence of requests
/// give the same faults. Every request consumes the same number of draws whatever the rates, so changing one
/// rate does not reshuffle the others.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly DeploymentSettings _settings;
    private readonly DeterministicRandom _random;
    private int _scriptedFailuresSent;
    private int _scriptedTruncationsSent;

    public FaultInjector(string deployment, DeploymentSettings settings)
    {
        _settings = settings;
        var seed = settings.FaultSeed is { } fixedSeed ? unchecked((ulong)fixedSeed) : StableHash.Of(deployment.ToLowerInvariant());
        _random = new DeterministicRandom(seed);
    }

    public FaultPlan Draw()
    {
        lock (_gate)
        {
            var serverErrorRoll = _random.NextDouble();
            var statusRoll = _random.NextDouble();
            var hangRoll = _random.NextDouble();
            var truncateRoll = _random.NextDouble();
            var invalidJsonRoll = _random.NextDouble();
            var cutStreamRoll = _random.NextDouble();

            int? status = null;
            if (_scriptedFailuresSent < _settings.ServerErrorsBeforeSuccess)
            {
                _scriptedFailuresSent++;
                status = StatusCodes.Status500InternalServerError;
            }
            else if (serverErrorRoll < _settings.ServerErrorRate)
            {
                status = statusRoll < 0.5 ? StatusCodes.Status500InternalServerError : StatusCodes.Status503ServiceUnavailable;
            }

            var truncate = truncateRoll < _settings.TruncateRate;
            if (status is null && _scriptedTruncationsSent < _settings.TruncationsBeforeSuccess)
            {
                _scriptedTruncationsSent++;
                truncate = true;
            }

            return new FaultPlan(
                status,
                Hang: hangRoll < _settings.HangRate,
                Truncate: truncate,
                InvalidJson: invalidJsonRoll < _settings.InvalidJsonRate,
                CutStream: cutStreamRoll < _settings.StreamCutRate);
        }
    }

    /// <summary>The first configured trigger word contained in <paramref name="prompt"/>, compared case-insensitively.</summary>
    public string? FindContentFilterTrigger(string? prompt)
    {
        if (string.IsNullOrEmpty(prompt))
        {
            return null;
        }

        return _settings.ContentFilterTriggers.FirstOrDefault(trigger => prompt.Contains(trigger, StringComparison.OrdinalIgnoreCase));
    }
}
