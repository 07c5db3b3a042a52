using System.Text.Json;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Alerts;

/// <summary>Parses and checks an <c>alerts</c> queue message: hostile until every field is within its limits.</summary>
public static class AlertMessageReader
{
    public const int MaxMessageChars = 48 * 1024;
    private static readonly string[] Severities = ["info", "warning", "critical"];

    /// <summary>The alert, or null and why it can never be delivered.</summary>
    public static AlertMessage? Read(string text, out string reason)
    {
        AlertMessage? alert;
        try
        {
            alert = text.Length > MaxMessageChars ? null : JsonSerializer.Deserialize<AlertMessage>(text, CatalogJson.Options);
        }
        catch (JsonException ex)
        {
            reason = $"The message is not an alert (JSON): {ex.Message}";
            return null;
        }

        reason = alert switch
        {
            null => text.Length > MaxMessageChars ? $"The message is longer than {MaxMessageChars} characters." : "The message is empty (null).",
            { Version: not AlertMessage.CurrentVersion } => $"Unknown alert version {alert.Version}; this host reads version {AlertMessage.CurrentVersion}.",
            _ when !IsToken(alert.AlertId, 128) => "alertId must be 1 to 128 letters, digits or -_.|: characters.",
            _ when !IsToken(alert.TenantId, 128) => "tenantId must be 1 to 128 letters, digits or -_.|: characters.",
            _ when !IsToken(alert.Rule, 64) => "rule must be 1 to 64 letters, digits or -_.|: characters.",
            _ when !Severities.Contains(alert.Severity) => $"severity must be one of {string.Join(", ", Severities)}.",
            _ when !IsText(alert.Title, 200) => "title must be 1 to 200 characters without control characters.",
            _ when alert.Detail is { } detail && detail.Length > 2000 => "detail must be at most 2000 characters.",
            _ when alert.Values is { Count: > 32 } => "values may hold at most 32 numbers.",
            _ when alert.Values?.Any(v => !IsToken(v.Key, 64) || !double.IsFinite(v.Value)) == true => "values must map names to finite numbers.",
            _ => "",
        };
        return reason.Length == 0 ? alert : null;
    }

    private static bool IsToken(string? value, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength
        && value.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.|:") < 0;

    private static bool IsText(string? value, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength && !value.Any(char.IsControl);
}
