using System.Security.Cryptography;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Job ids sort newest first as table row keys: the <see cref="NewestFirstKeys"/> prefix of the creation time (13 digits
/// of 10^13 − unix ms) then 4 random hex digits. So a range of creation times is a range of row keys (see
/// <see cref="RowKeyBound"/>), and a listing needs no scan or sort.
/// </summary>
public static class JobIds
{
    /// <summary>Earliest and latest creation times a job id can encode.</summary>
    public static readonly DateTimeOffset MinCreated = NewestFirstKeys.MinInstant;

    public static readonly DateTimeOffset MaxCreated = NewestFirstKeys.MaxInstant;

    public static string New(TimeProvider time) => New(time.GetUtcNow());

    public static string New(DateTimeOffset createdAt) =>
        NewestFirstKeys.Prefix(createdAt) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

    public static bool IsWellFormed(string? jobId) =>
        jobId is { Length: 17 } && jobId.AsSpan(0, 13).IndexOfAnyExceptInRange('0', '9') < 0
        && jobId.AsSpan(13).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>
    /// The row key between jobs created before <paramref name="instant"/> and jobs created at or after it: ids of jobs
    /// created at or after it are <c>lt</c> the bound, ids of jobs created before it are <c>ge</c> the bound.
    /// </summary>
    public static string RowKeyBound(DateTimeOffset instant) => NewestFirstKeys.Bound(instant);
}
