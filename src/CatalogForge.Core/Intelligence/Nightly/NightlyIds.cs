using System.Globalization;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>Names of a nightly run: its instance id, the day it is for, the blobs of its snapshot.</summary>
public static class NightlyIds
{
    public const string DateFormat = "yyyyMMdd";

    /// <summary><c>{tenant}|nightly|{yyyyMMdd}</c>: one run per tenant and day; a second start the same day is a no-op.</summary>
    public static string InstanceId(string tenantId, string runDate) => $"{tenantId}|nightly|{runDate}";

    public static string RunDate(DateTimeOffset utc) => utc.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static DateTime ParseRunDate(string runDate) =>
        DateTime.ParseExact(runDate, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static bool IsRunDate(string? value) =>
        value is { Length: 8 } && DateTime.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static string SnapshotFolder(string tenantId, string snapshotId) => $"{tenantId}/{snapshotId}/";

    public static string SnapshotBlob(string tenantId, string snapshotId, string name) => $"{tenantId}/{snapshotId}/{name}";
}
