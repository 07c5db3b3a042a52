namespace CatalogForge.AiEmulator;

/// <summary>
/// Binds <see cref="EmulatorOptions"/> so that each <c>Deployments:NAME</c> section is layered over
/// <c>Defaults</c> (the stock binder would start each deployment from the class defaults instead).
/// Unknown keys fail loudly so a misspelt setting is not silently ignored.
/// </summary>
public static class EmulatorOptionsBinder
{
    private static readonly string[] KnownTopLevelKeys =
    [
        nameof(EmulatorOptions.RequireApiKey),
        nameof(EmulatorOptions.StrictDeployments),
        nameof(EmulatorOptions.RequestLogCapacity),
        nameof(EmulatorOptions.Mode),
        nameof(EmulatorOptions.Upstream),
        nameof(EmulatorOptions.UpstreamAuth),
        nameof(EmulatorOptions.UpstreamKeyVariable),
        nameof(EmulatorOptions.Recordings),
        nameof(EmulatorOptions.ReplayMiss),
        nameof(EmulatorOptions.Defaults),
        nameof(EmulatorOptions.Deployments),
    ];

    public static EmulatorOptions Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var unknown = section.GetChildren()
            .Select(child => child.Key)
            .Where(key => !KnownTopLevelKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"Unknown Emulator setting(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", KnownTopLevelKeys)}.");
        }

        var options = new EmulatorOptions
        {
            RequireApiKey = section.GetValue(nameof(EmulatorOptions.RequireApiKey), false),
            StrictDeployments = section.GetValue(nameof(EmulatorOptions.StrictDeployments), false),
            RequestLogCapacity = section.GetValue(nameof(EmulatorOptions.RequestLogCapacity), 100_000),
            Mode = section.GetValue(nameof(EmulatorOptions.Mode), EmulatorMode.Generate),
            Upstream = section[nameof(EmulatorOptions.Upstream)],
            UpstreamAuth = section.GetValue(nameof(EmulatorOptions.UpstreamAuth), UpstreamAuth.Key),
            UpstreamKeyVariable = section[nameof(EmulatorOptions.UpstreamKeyVariable)] ?? "EMULATOR_UPSTREAM_KEY",
            Recordings = section[nameof(EmulatorOptions.Recordings)],
            ReplayMiss = section.GetValue(nameof(EmulatorOptions.ReplayMiss), ReplayMiss.Error),
            Defaults = BindLayered(new DeploymentSettings(), section.GetSection(nameof(EmulatorOptions.Defaults))),
        };

        foreach (var deployment in section.GetSection(nameof(EmulatorOptions.Deployments)).GetChildren())
        {
            options.Deployments[deployment.Key] = BindLayered(options.Defaults, deployment);
        }

        return options;
    }

    private static DeploymentSettings BindLayered(DeploymentSettings baseline, IConfigurationSection section)
    {
        var settings = baseline with { };
        var triggers = section.GetSection(nameof(DeploymentSettings.ContentFilterTriggers));
        if (triggers.Exists())
        {
            // The binder appends to an existing list; a deployment's list must replace the default one.
            settings.ContentFilterTriggers = [];
        }

        section.Bind(settings, binder => binder.ErrorOnUnknownConfiguration = true);
        return settings;
    }
}
