namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>Stored values of <see cref="NightlyRunEntity.Status"/>.</summary>
public static class NightlyRunStatus
{
    public const string Running = "Running";
    public const string Completed = "Completed";
    public const string Failed = "Failed";
}
