using Microsoft.Extensions.Options;

namespace CatalogForge.AiEmulator;

/// <summary>Checks option values up front so a typo fails at start-up with a message naming the setting.</summary>
public static class EmulatorOptionsValidator
{
    public static IReadOnlyList<string> Validate(EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.RequestLogCapacity < 1)
        {
            errors.Add($"Emulator:RequestLogCapacity must be at least 1 (was {options.RequestLogCapacity}).");
        }

        errors.AddRange(ValidateRecording(options));
        if (options.Defaults is null)
        {
            errors.Add("Emulator:Defaults must not be null.");
        }
        else
        {
            errors.AddRange(Validate(options.Defaults, "Emulator:Defaults"));
        }

        foreach (var (name, settings) in options.Deployments)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add("Emulator:Deployments has an entry with an empty name.");
            }

            if (settings is null)
            {
                errors.Add($"Emulator:Deployments:{name} must not be null.");
                continue;
            }

            errors.AddRange(Validate(settings, $"Emulator:Deployments:{name}"));
        }

        return errors;
    }

    public static IReadOnlyList<string> Validate(DeploymentSettings settings, string path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<string>();
        RequireRate(settings.ServerErrorRate, nameof(DeploymentSettings.ServerErrorRate));
        RequireRate(settings.HangRate, nameof(DeploymentSettings.HangRate));
        RequireRate(settings.TruncateRate, nameof(DeploymentSettings.TruncateRate));
        RequireRate(settings.InvalidJsonRate, nameof(DeploymentSettings.InvalidJsonRate));
        RequireRate(settings.StreamCutRate, nameof(DeploymentSettings.StreamCutRate));
        RequireNonNegative(settings.BaseLatencyMs, nameof(DeploymentSettings.BaseLatencyMs));
        RequireNonNegative(settings.PerOutputTokenMs, nameof(DeploymentSettings.PerOutputTokenMs));
        RequireNonNegative(settings.PerImageMs, nameof(DeploymentSettings.PerImageMs));
        RequireNonNegative(settings.TokensPerMinute, nameof(DeploymentSettings.TokensPerMinute));
        RequireNonNegative(settings.RequestsPerMinute, nameof(DeploymentSettings.RequestsPerMinute));
        RequireNonNegative(settings.DefaultMaxTokens, nameof(DeploymentSettings.DefaultMaxTokens));
        RequireNonNegative(settings.ImageTokenCharge, nameof(DeploymentSettings.ImageTokenCharge));
        RequireNonNegative(settings.ServerErrorsBeforeSuccess, nameof(DeploymentSettings.ServerErrorsBeforeSuccess));
        RequireNonNegative(settings.TruncationsBeforeSuccess, nameof(DeploymentSettings.TruncationsBeforeSuccess));
        RequireNonNegative(settings.HangMs, nameof(DeploymentSettings.HangMs));
        if (settings.ContentFilterTriggers is null)
        {
            errors.Add($"{path}:{nameof(DeploymentSettings.ContentFilterTriggers)} must not be null.");
        }
        else if (settings.ContentFilterTriggers.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{path}:{nameof(DeploymentSettings.ContentFilterTriggers)} must not contain empty words.");
        }

        return errors;

        void RequireRate(double value, string name)
        {
            if (double.IsNaN(value) || value < 0 || value > 1)
            {
                errors.Add($"{path}:{name} must be a probability between 0 and 1 (was {value}).");
            }
        }

        void RequireNonNegative(double value, string name)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
            {
                errors.Add($"{path}:{name} must be a finite number of at least 0 (was {value}).");
            }
        }
    }

    private static IEnumerable<string> ValidateRecording(EmulatorOptions options)
    {
        if (!Enum.IsDefined(options.Mode))
        {
            yield return $"Emulator:Mode must be Generate, Record or Replay (was {options.Mode}).";
        }

        if (options.Mode == EmulatorMode.Generate)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(options.Recordings))
        {
            yield return $"Emulator:Recordings (--recordings) must name a folder in {options.Mode} mode.";
        }
        else if (options.Mode == EmulatorMode.Replay && !Directory.Exists(options.Recordings))
        {
            yield return $"Emulator:Recordings names the folder {options.Recordings}, which does not exist.";
        }

        if (options.Mode == EmulatorMode.Record
            && (!Uri.TryCreate(options.Upstream, UriKind.Absolute, out var upstream) || (upstream.Scheme != Uri.UriSchemeHttp && upstream.Scheme != Uri.UriSchemeHttps)))
        {
            yield return $"Emulator:Upstream (--upstream) must be an absolute http(s) URL in Record mode (was '{options.Upstream}').";
        }

        if (options.Mode == EmulatorMode.Record && options.UpstreamAuth == UpstreamAuth.Key && string.IsNullOrWhiteSpace(options.UpstreamKeyVariable))
        {
            yield return "Emulator:UpstreamKeyVariable must name an environment variable.";
        }
    }

    /// <exception cref="OptionsValidationException">Listing every invalid setting.</exception>
    public static void ThrowIfInvalid(EmulatorOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(EmulatorOptions.SectionName, typeof(EmulatorOptions), errors);
        }
    }
}
