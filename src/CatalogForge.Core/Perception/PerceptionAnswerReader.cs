using System.Text.Json;

namespace CatalogForge.Core.Perception;

/// <summary>
/// Reads a model's answer against <see cref="PerceptionSchema"/>: hostile until checked. A brand outside the enum, a
/// sentiment outside −1…1 or a missing field makes the whole answer invalid (<see cref="FormatException"/>); a brand
/// named again later in the same answer is ignored (its first, better-ranked mention counts).
/// </summary>
public static class PerceptionAnswerReader
{
    public static ProbeAnswer Read(BrandProfile profile, string probe, JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("brands", out var brands) || brands.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("The answer has no \"brands\" array.");
        }

        if (brands.GetArrayLength() > PerceptionSchema.MaxBrands(profile))
        {
            throw new FormatException($"The answer names {brands.GetArrayLength()} brands; the schema allows {PerceptionSchema.MaxBrands(profile)}.");
        }

        var allowed = profile.AllBrands.Append(BrandProfileRules.Other).ToDictionary(name => name, StringComparer.OrdinalIgnoreCase);
        var mentions = new List<BrandMention>();
        foreach (var entry in brands.EnumerateArray())
        {
            var name = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("brand", out var b) && b.ValueKind == JsonValueKind.String
                ? b.GetString()!
                : throw new FormatException("An entry has no \"brand\" string.");
            var brand = allowed.TryGetValue(name, out var canonical)
                ? canonical
                : throw new FormatException($"\"{name}\" is not a brand of the profile nor \"{BrandProfileRules.Other}\".");
            var sentiment = entry.TryGetProperty("sentiment", out var s) && s.ValueKind == JsonValueKind.Number && s.GetDouble() is >= -1 and <= 1 and var value
                ? value
                : throw new FormatException($"The sentiment of \"{name}\" is not a number from -1 to 1.");
            var reason = entry.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String
                ? r.GetString()!
                : throw new FormatException($"The entry of \"{name}\" has no \"reason\" string.");
            if (mentions.Any(m => m.Brand == brand) && brand != BrandProfileRules.Other)
            {
                continue;
            }

            mentions.Add(new BrandMention(brand, mentions.Count + 1, sentiment, OneLine(reason)));
        }

        return new ProbeAnswer(probe, mentions);
    }

    private static string OneLine(string reason)
    {
        var line = string.Join(' ', reason.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= PerceptionSchema.MaxReasonLength ? line : line[..PerceptionSchema.MaxReasonLength];
    }
}
