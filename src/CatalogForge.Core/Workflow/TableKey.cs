using System.Globalization;
using System.Text;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Reversible escaping of arbitrary strings into Azure Table PartitionKey / RowKey values. Keys may not contain
/// <c>/ \ # ?</c> or control characters (U+0000–U+001F, U+007F–U+009F). Those, the escape character <c>~</c> itself,
/// <c>|</c> (left free as a separator for composite keys) and unpaired surrogates (which cannot travel as UTF-8) become
/// <c>~XX</c> (two upper-case hex digits) or <c>~uXXXX</c>. Everything else, including other Unicode, is kept as is,
/// so ordinary ids stay readable.
/// </summary>
public static class TableKey
{
    /// <summary>A key may be up to 1 KiB; counted as UTF-16 that is 512 characters (the conservative reading).</summary>
    public const int MaxLength = 512;

    private const char EscapeChar = '~';

    /// <exception cref="ArgumentException">The escaped key is longer than <see cref="MaxLength"/>.</exception>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = IndexOfFirstToEscape(value);
        var escaped = first < 0 ? value : EscapeFrom(value, first);
        if (escaped.Length > MaxLength)
        {
            throw new ArgumentException(
                $"Table key is {escaped.Length} characters after escaping; the limit is {MaxLength}. Use shorter instance ids and keys.",
                nameof(value));
        }

        return escaped;
    }

    /// <exception cref="FormatException">The value was not produced by <see cref="Escape"/>.</exception>
    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        var at = escaped.IndexOf(EscapeChar, StringComparison.Ordinal);
        if (at < 0)
        {
            return escaped;
        }

        var builder = new StringBuilder(escaped.Length);
        builder.Append(escaped, 0, at);
        for (var i = at; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != EscapeChar)
            {
                builder.Append(c);
                continue;
            }

            var wide = i + 1 < escaped.Length && escaped[i + 1] == 'u';
            var start = wide ? i + 2 : i + 1;
            var digits = wide ? 4 : 2;
            if (start + digits > escaped.Length ||
                !int.TryParse(escaped.AsSpan(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                throw new FormatException($"Invalid escape sequence at position {i} in table key '{escaped}'.");
            }

            builder.Append((char)code);
            i = start + digits - 1;
        }

        return builder.ToString();
    }

    private static int IndexOfFirstToEscape(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (MustEscape(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static string EscapeFrom(string value, int first)
    {
        var builder = new StringBuilder(value.Length + 8);
        builder.Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append(EscapeChar).Append('u').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else if (MustEscape(c))
            {
                builder.Append(EscapeChar).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool MustEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '|' or EscapeChar or <= '\u001F' or (>= '\u007F' and <= '\u009F') || char.IsSurrogate(c);
}
