using System.Globalization;
using System.Text.Json;

namespace CatalogForge.AiEmulator.Chat;

/// <summary>
/// Reads a schema's constraint keywords. Clients whose provider's strict mode rejects keywords such as
/// minimum or maxItems move them into the description as "keyword: value" lines (Microsoft.Extensions.AI
/// does this for OpenAI); a real model still honours them, so the generator reads them from there too.
/// </summary>
internal static class SchemaKeywords
{
    public static bool TryGet(JsonElement schema, string keyword, out JsonElement value)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            value = default;
            return false;
        }

        if (schema.TryGetProperty(keyword, out value))
        {
            return true;
        }

        return TryGetFromDescription(schema, keyword, out value);
    }

    public static double? Number(JsonElement schema, string keyword) =>
        TryGet(schema, keyword, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static int? Int(JsonElement schema, string keyword) =>
        Number(schema, keyword) is { } number ? (int)Math.Clamp(Math.Floor(number), int.MinValue, int.MaxValue) : null;

    public static string? String(JsonElement schema, string keyword) =>
        TryGet(schema, keyword, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool IsTrue(JsonElement schema, string keyword) =>
        TryGet(schema, keyword, out var value) && value.ValueKind == JsonValueKind.True;

    private static bool TryGetFromDescription(JsonElement schema, string keyword, out JsonElement value)
    {
        value = default;
        if (!schema.TryGetProperty("description", out var description) || description.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        foreach (var line in description.GetString()!.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > keyword.Length + 1
                && trimmed.StartsWith(keyword, StringComparison.Ordinal)
                && trimmed[keyword.Length] == ':')
            {
                value = ParseHint(trimmed[(keyword.Length + 1)..].Trim());
                return true;
            }
        }

        return false;
    }

    private static JsonElement ParseHint(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonSerializer.SerializeToElement(number);
        }

        return text switch
        {
            "true" or "True" => JsonSerializer.SerializeToElement(true),
            "false" or "False" => JsonSerializer.SerializeToElement(false),
            _ => JsonSerializer.SerializeToElement(text.Trim('"')),
        };
    }
}
