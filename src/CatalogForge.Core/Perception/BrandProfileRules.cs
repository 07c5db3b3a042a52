using System.Text.RegularExpressions;

namespace CatalogForge.Core.Perception;

/// <summary>
/// Checks a <see cref="BrandProfileRequest"/>: errors by field (<c>brand</c>, <c>competitors[2]</c>, <c>probes</c>,
/// <c>language</c>), or the trimmed profile. Names are compared case-insensitively, and "other" is reserved for the
/// brands outside the profile.
/// </summary>
public static partial class BrandProfileRules
{
    public const int MaxCompetitors = 10;
    public const int MaxProbes = 10;
    public const int MaxBrandLength = 80;
    public const int MinProbeLength = 5;
    public const int MaxProbeLength = 300;
    public const string Other = "other";
    public const string DefaultLanguage = "en";

    public static (BrandProfile? Profile, Dictionary<string, string[]> Errors) Validate(BrandProfileRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var brand = Text(errors, "brand", request.Brand, 1, MaxBrandLength);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Other };
        if (brand is not null && !seen.Add(brand))
        {
            errors["brand"] = [$"\"{Other}\" is reserved for brands outside the profile."];
        }

        var competitors = List(errors, "competitors", request.Competitors, MaxCompetitors, 1, MaxBrandLength, required: false, seen);
        var probes = List(errors, "probes", request.Probes, MaxProbes, MinProbeLength, MaxProbeLength, required: true,
            new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        var language = string.IsNullOrWhiteSpace(request.Language) ? DefaultLanguage : request.Language.Trim();
        if (!LanguageTag().IsMatch(language))
        {
            errors["language"] = ["language must be a BCP 47 tag such as en, de or pt-BR."];
        }

        return errors.Count > 0 || brand is null
            ? (null, errors)
            : (new BrandProfile { Brand = brand, Competitors = competitors, Probes = probes, Language = language }, errors);
    }

    private static List<string> List(Dictionary<string, string[]> errors, string field, IReadOnlyList<string?>? values, int max,
        int minLength, int maxLength, bool required, HashSet<string> seen)
    {
        values ??= [];
        if (required && values.Count == 0)
        {
            errors[field] = [$"{field} needs at least one entry."];
            return [];
        }

        if (values.Count > max)
        {
            errors[field] = [$"{field} has {values.Count} entries; at most {max} are allowed."];
            return [];
        }

        var result = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var name = $"{field}[{i}]";
            if (Text(errors, name, values[i], minLength, maxLength) is not { } text)
            {
                continue;
            }

            if (!seen.Add(text))
            {
                errors[name] = [text.Equals(Other, StringComparison.OrdinalIgnoreCase)
                    ? $"\"{Other}\" is reserved for brands outside the profile."
                    : $"\"{text}\" appears twice (names are compared case-insensitively, the brand included)."];
                continue;
            }

            result.Add(text);
        }

        return result;
    }

    private static string? Text(Dictionary<string, string[]> errors, string field, string? value, int minLength, int maxLength)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length < minLength || text.Length > maxLength)
        {
            errors[field] = [$"{field} must be {minLength} to {maxLength} characters."];
            return null;
        }

        if (text.Any(char.IsControl))
        {
            errors[field] = [$"{field} must not contain control characters."];
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")]
    private static partial Regex LanguageTag();
}
