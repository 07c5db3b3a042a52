using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CatalogForge.Api.Endpoints;

/// <summary>
/// Query-string parsing that reports problems as validation errors (field → messages) instead of the bare 400
/// that failed parameter binding would give.
/// </summary>
internal sealed class QueryValues
{
    private static readonly string[] IsoFormats =
        ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IDictionary<string, string[]> Errors => _errors;

    /// <summary>Enum names, case-insensitive; numbers are refused so undefined values cannot slip through.</summary>
    public TEnum? Enum<TEnum>(string name, string? value)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (TryParseName<TEnum>(value.Trim(), out var parsed))
        {
            return parsed;
        }

        _errors[name] = [$"Unknown {name} '{value}'. Use one of: {string.Join(", ", System.Enum.GetNames<TEnum>())}."];
        return null;
    }

    /// <summary>A UTC day as <c>yyyy-MM-dd</c>; absent → <paramref name="defaultValue"/>.</summary>
    public DateOnly Date(string name, string? value, DateOnly defaultValue)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultValue;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        _errors[name] = [$"'{value}' is not a date; use yyyy-MM-dd."];
        return defaultValue;
    }

    /// <summary>
    /// An ISO 8601 date or date-time (<c>2026-11-23</c>, <c>2026-11-23T10:00:00Z</c>, <c>…+01:00</c>); without an offset
    /// it is UTC. Absent → null.
    /// </summary>
    public DateTimeOffset? Instant(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(value.Trim(), IsoFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }

        _errors[name] = [$"'{value}' is not an ISO 8601 date or date-time; use e.g. 2026-11-23 or 2026-11-23T10:00:00Z (encode '+' as %2B)."];
        return null;
    }

    /// <summary><see cref="Instant"/> that must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public DateTimeOffset? InstantWithin(string name, string? value, DateTimeOffset min, DateTimeOffset max)
    {
        var instant = Instant(name, value);
        if (instant is { } known && (known < min || known > max))
        {
            Fail(name, $"{name} must be between {min:yyyy-MM-dd} and {max:yyyy-MM-dd}.");
            return null;
        }

        return instant;
    }

    /// <summary><c>true</c> or <c>false</c> (case-insensitive); absent → null.</summary>
    public bool? Bool(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (bool.TryParse(value.Trim(), out var parsed))
        {
            return parsed;
        }

        _errors[name] = [$"{name} must be true or false."];
        return null;
    }

    /// <summary>Trimmed free text of at most <paramref name="maxLength"/> characters without control characters; absent → null.</summary>
    public string? Text(string name, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (text.Length > maxLength)
        {
            _errors[name] = [$"{name} must be at most {maxLength} characters."];
            return null;
        }

        if (text.Any(char.IsControl))
        {
            _errors[name] = [$"{name} must not contain control characters."];
            return null;
        }

        return text;
    }

    /// <summary>Records a validation error found after parsing (e.g. a range that is the wrong way round).</summary>
    public void Fail(string name, string message) => _errors[name] = [message];

    public int Int(string name, string? value, int defaultValue, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultValue;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        _errors[name] = [$"{name} must be a whole number from {min} to {max}."];
        return defaultValue;
    }

    private static bool TryParseName<TEnum>(string value, [NotNullWhen(true)] out TEnum? parsed)
        where TEnum : struct, Enum
    {
        foreach (var candidate in System.Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                parsed = candidate;
                return true;
            }
        }

        parsed = null;
        return false;
    }
}
