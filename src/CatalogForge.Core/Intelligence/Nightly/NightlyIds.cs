using System.Globalization;

namespace CatalogForge.Core.Intelligence.Nightly;

/// <summary>
/// Names of a nightly run: its run id (also its snapshot id), instance id, the day it is for, the blobs of its snapshot.
/// A scheduled run's id is its UTC day <c>yyyyMMdd</c>; an on-demand run's is its UTC start second <c>yyyyMMdd-HHmmss</c>.
/// Both start with the day, so the ordinal order of run ids is their time order (pruning by an ordinal cutoff relies on it).
/// </summary>
public static class NightlyIds
{
    public const string DateFormat = "yyyyMMdd";
    public const string OnDemandFormat = "yyyyMMdd-HHmmss";

    /// <summary><c>{tenant}|nightly|{runId}</c>: one scheduled run per tenant and day; a second start the same day is a no-op.</summary>
    public static string InstanceId(string tenantId, string runId) => $"{tenantId}|nightly|{runId}";

    /// <summary>The id of the scheduled run of <paramref name="utc"/>'s UTC day.</summary>
    public static string RunDate(DateTimeOffset utc) => utc.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The id of an on-demand run started at <paramref name="utc"/> (to the second).</summary>
    public static string OnDemandRunId(DateTimeOffset utc) => utc.UtcDateTime.ToString(OnDemandFormat, CultureInfo.InvariantCulture);

    /// <summary>The UTC day a run id (scheduled or on-demand) belongs to.</summary>
    public static DateTime ParseRunDate(string runId) =>
        IsRunId(runId)
            ? DateTime.ParseExact(runId.AsSpan(0, DateFormat.Length), DateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
            : throw new FormatException($"'{runId}' is not a nightly run id ({DateFormat} or {OnDemandFormat}).");

    /// <summary>A scheduled run's id: <c>yyyyMMdd</c>.</summary>
    public static bool IsRunDate(string? value) =>
        value is { Length: 8 } && DateTime.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Any run id: scheduled (<c>yyyyMMdd</c>) or on-demand (<c>yyyyMMdd-HHmmss</c>).</summary>
    public static bool IsRunId(string? value) =>
        IsRunDate(value)
        || (value is { Length: 15 } && DateTime.TryParseExact(value, OnDemandFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _));

    /// <summary>
    /// The oldest run id a run keeps: the day <paramref name="keepDays"/> before the run's day. Every snapshot whose id sorts
    /// (ordinally) before it — scheduled or on-demand, of an earlier day — is deleted; those of that day and later are kept.
    /// </summary>
    public static string PruneCutoff(string runId, int keepDays) => RunDate(ParseRunDate(runId).AddDays(-keepDays));

    public static string SnapshotFolder(string tenantId, string snapshotId) => $"{tenantId}/{snapshotId}/";

    public static string SnapshotBlob(string tenantId, string snapshotId, string name) => $"{tenantId}/{snapshotId}/{name}";
}
