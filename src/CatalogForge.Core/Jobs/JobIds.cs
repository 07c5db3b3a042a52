using System.Globalization;
using System.Security.Cryptography;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Job ids sort newest first as table row keys: 13 digits of (10^13 − unix ms) then 4 random hex digits. So a range of
/// creation times is a range of row keys (see <see cref="RowKeyBound"/>), and a listing needs no scan or sort.
/// </summary>
public static class JobIds
{
    private const long Ceiling = 9_999_999_999_999;

    /// <summary>Earliest and latest creation times a job id can encode.</summary>
    public static readonly DateTimeOffset MinCreated = DateTimeOffset.FromUnixTimeMilliseconds(1);

    public static readonly DateTimeOffset MaxCreated = DateTimeOffset.FromUnixTimeMilliseconds(Ceiling - 1);

    public static string New(TimeProvider time) => New(time.GetUtcNow());

    public static string New(DateTimeOffset createdAt) =>
        Prefix(createdAt.ToUnixTimeMilliseconds()) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

    public static bool IsWellFormed(string? jobId) =>
        jobId is { Length: 17 } && jobId.AsSpan(0, 13).IndexOfAnyExceptInRange('0', '9') < 0
        && jobId.AsSpan(13).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>
    /// The row key between jobs created before <paramref name="instant"/> and jobs created at or after it: ids of jobs
    /// created at or after it are <c>lt</c> the bound, ids of jobs created before it are <c>ge</c> the bound.
    /// </summary>
    public static string RowKeyBound(DateTimeOffset instant)
    {
        if (instant < MinCreated || instant > MaxCreated)
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, $"Job ids encode times from {MinCreated:O} to {MaxCreated:O}.");
        }

        return Prefix(instant.ToUnixTimeMilliseconds() - 1);
    }

    private static string Prefix(long unixMilliseconds) =>
        (Ceiling - unixMilliseconds).ToString("D13", CultureInfo.InvariantCulture);
}
