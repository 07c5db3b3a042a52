namespace CatalogForge.AiEmulator;

/// <summary>Emulator configuration, bound from the <c>Emulator</c> configuration section.</summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>When true, requests without an <c>api-key</c> or bearer token get Azure's 401.</summary>
    public bool RequireApiKey { get; set; }

    /// <summary>When true, deployments not listed in <see cref="Deployments"/> get Azure's DeploymentNotFound 404.</summary>
    public bool StrictDeployments { get; set; }

    /// <summary>How many requests the request log keeps (oldest dropped first).</summary>
    public int RequestLogCapacity { get; set; } = 100_000;

    /// <summary>Generate answers (default), record an upstream's, or replay recorded ones.</summary>
    public EmulatorMode Mode { get; set; }

    /// <summary>Record mode: the real endpoint's root, e.g. https://my-resource.openai.azure.com/ or https://api.openai.com/.</summary>
    public string? Upstream { get; set; }

    /// <summary>Record mode: how to authenticate to <see cref="Upstream"/>.</summary>
    public UpstreamAuth UpstreamAuth { get; set; }

    /// <summary>Record mode with <see cref="UpstreamAuth.Key"/>: the environment variable holding the upstream's key (never a file).</summary>
    public string UpstreamKeyVariable { get; set; } = "EMULATOR_UPSTREAM_KEY";

    /// <summary>Record and replay modes: the folder of recordings, one JSON file per request hash.</summary>
    public string? Recordings { get; set; }

    /// <summary>Replay mode: what a request without a recording gets.</summary>
    public ReplayMiss ReplayMiss { get; set; }

    /// <summary>Settings of every deployment that has no entry of its own.</summary>
    public DeploymentSettings Defaults { get; set; } = new();

    /// <summary>
    /// Per-deployment settings. From configuration each entry is layered over <see cref="Defaults"/>;
    /// entries set in code are taken as they are (start from <c>Defaults with { ... }</c> to layer).
    /// </summary>
    public Dictionary<string, DeploymentSettings> Deployments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
