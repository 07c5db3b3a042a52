using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Orchestration;

/// <summary>Raised to an orchestration when an activity failed; carries the classified error.</summary>
public sealed class ActivityFailedException(string activity, string key, ErrorClass errorClass, string message)
    : Exception($"Activity {activity} ({key}) failed with {errorClass}: {message}")
{
    public string Activity { get; } = activity;
    public string Key { get; } = key;
    public ErrorClass ErrorClass { get; } = errorClass;
    public string ErrorMessage { get; } = message;
}
