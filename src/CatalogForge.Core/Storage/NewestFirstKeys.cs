using System.Globalization;

namespace CatalogForge.Core.Storage;

/// <summary>
/// Row keys that sort newest first: 13 digits of (10^13 − unix ms). Job ids start with one, and product ids start with
/// their job's id, so a range of creation times is a range of row keys (see <see cref="Bound"/>): no scan, no sort.
/// </summary>
public static class NewestFirstKeys
{
    private const long Ceiling = 9_999_999_999_999;

    /// <summary>Length of the time prefix.</summary>
    public const int PrefixLength = 13;

    /// <summary>Earliest and latest instants a key can encode.</summary>
    public static readonly DateTimeOffset MinInstant = DateTimeOffset.FromUnixTimeMilliseconds(1);

    public static readonly DateTimeOffset MaxInstant = DateTimeOffset.FromUnixTimeMilliseconds(Ceiling - 1);

    public static string Prefix(DateTimeOffset instant) => Prefix(instant.ToUnixTimeMilliseconds());

    /// <summary>
    /// The row key between keys made before <paramref name="instant"/> and keys made at or after it: keys made at or after
    /// it are <c>lt</c> the bound, keys made before it are <c>ge</c> the bound.
    /// </summary>
    public static string Bound(DateTimeOffset instant)
    {
        if (instant < MinInstant || instant > MaxInstant)
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, $"Keys encode times from {MinInstant:O} to {MaxInstant:O}.");
        }

        return Prefix(instant.ToUnixTimeMilliseconds() - 1);
    }

    private static string Prefix(long unixMilliseconds) =>
        (Ceiling - unixMilliseconds).ToString("D13", CultureInfo.InvariantCulture);
}
