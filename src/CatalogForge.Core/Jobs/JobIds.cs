using System.Globalization;
using System.Security.Cryptography;

namespace CatalogForge.Core.Jobs;

/// <summary>
/// Job ids sort newest first as table row keys: 13 digits of (10^13 − unix ms) then 4 random hex digits.
/// </summary>
public static class JobIds
{
    private const long Ceiling = 9_999_999_999_999;

    public static string New(TimeProvider time) =>
        (Ceiling - time.GetUtcNow().ToUnixTimeMilliseconds()).ToString("D13", CultureInfo.InvariantCulture)
        + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));

    public static bool IsWellFormed(string? jobId) =>
        jobId is { Length: 17 } && jobId.AsSpan(0, 13).IndexOfAnyExceptInRange('0', '9') < 0
        && jobId.AsSpan(13).IndexOfAnyExcept("0123456789abcdef") < 0;
}
