using CatalogForge.AiEmulator.Faults;
using CatalogForge.AiEmulator.Limits;

namespace CatalogForge.AiEmulator.State;

/// <summary>
/// A deployment's settings with the live state built from them. Replaced as a whole when the settings change,
/// so rate windows and fault draws restart from the new settings.
/// </summary>
internal sealed class DeploymentRuntime(string name, DeploymentSettings settings, TimeProvider time)
{
    public string Name { get; } = name;

    public DeploymentSettings Settings { get; } = settings;

    public RateLimiter Limiter { get; } = RateLimiter.FromSettings(settings, time);

    public FaultInjector Faults { get; } = new(name, settings);
}
