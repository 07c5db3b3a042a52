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

    /// <summary>Settings of every deployment that has no entry of its own.</summary>
    public DeploymentSettings Defaults { get; set; } = new();

    /// <summary>
    /// Per-deployment settings. From configuration each entry is layered over <see cref="Defaults"/>;
    /// entries set in code are taken as they are (start from <c>Defaults with { ... }</c> to layer).
    /// </summary>
    public Dictionary<string, DeploymentSettings> Deployments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
