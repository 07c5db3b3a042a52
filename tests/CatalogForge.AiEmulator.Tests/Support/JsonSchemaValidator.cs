using System.Globalization;
using System.Text.Json;

namespace CatalogForge.AiEmulator.Tests.Support;

/// <summary>
/// A small, independent JSON Schema checker for the keywords structured-output schemas use, so the
/// emulator's generator is checked by code it does not share.
/// </summary>
internal sealed class JsonSchemaValidator(JsonElement root)
{
    public static IReadOnlyList<string> Validate(string schemaJson, string instanceJson)
    {
        using var schema = JsonDocument.Parse(schemaJson);
        using var instance = JsonDocument.Parse(instanceJson);
        return Validate(schema.RootElement, instance.RootElement);
    }

    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        new JsonSchemaValidator(schema).Check(schema, instance, "$", errors);
        return errors;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: schema false admits nothing");
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, path, errors);
        }

        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, value))
        {
            errors.Add($"{path}: {value.ValueKind} ({Short(value)}) is not of type {type.GetRawText()}");
            return;
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
        {
            errors.Add($"{path}: {Short(value)} is not one of {options.GetRawText()}");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            errors.Add($"{path}: {Short(value)} is not the const {constant.GetRawText()}");
        }

        CheckCombinators(schema, value, path, errors);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, value, path, errors);
                break;
            case JsonValueKind.Array:
                CheckArray(schema, value, path, errors);
                break;
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path, errors);
                break;
            case JsonValueKind.Number:
                CheckNumber(schema, value.GetDouble(), path, errors);
                break;
        }
    }

    private void CheckCombinators(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray())
            {
                Check(part, value, path, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(branch => Passes(branch, value)))
        {
            errors.Add($"{path}: {Short(value)} matches no anyOf branch");
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(branch => Passes(branch, value));
            if (matches != 1)
            {
                errors.Add($"{path}: {Short(value)} matches {matches} oneOf branches, not exactly one");
            }
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(item => item.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{path}: required property '{name}' is missing");
                }
            }
        }

        var count = 0;
        foreach (var property in value.EnumerateObject())
        {
            count++;
            var propertyPath = $"{path}.{property.Name}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, propertyPath, errors);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional))
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{propertyPath}: additional property not allowed");
                }
                else
                {
                    Check(additional, property.Value, propertyPath, errors);
                }
            }
        }

        if (schema.TryGetProperty("minProperties", out var minProperties) && count < minProperties.GetInt32())
        {
            errors.Add($"{path}: {count} properties, fewer than minProperties {minProperties.GetInt32()}");
        }
    }

    private void CheckArray(JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        var length = value.GetArrayLength();
        if (schema.TryGetProperty("minItems", out var minItems) && length < minItems.GetInt32())
        {
            errors.Add($"{path}: {length} items, fewer than minItems {minItems.GetInt32()}");
        }

        if (schema.TryGetProperty("maxItems", out var maxItems) && length > maxItems.GetInt32())
        {
            errors.Add($"{path}: {length} items, more than maxItems {maxItems.GetInt32()}");
        }

        var prefix = schema.TryGetProperty("prefixItems", out var prefixItems) ? prefixItems.EnumerateArray().ToList() : [];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{index}]";
            if (index < prefix.Count)
            {
                Check(prefix[index], item, itemPath, errors);
            }
            else if (schema.TryGetProperty("items", out var items))
            {
                Check(items, item, itemPath, errors);
            }

            index++;
        }

        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            var distinct = value.EnumerateArray().Select(item => item.GetRawText()).Distinct(StringComparer.Ordinal).Count();
            if (distinct != length)
            {
                errors.Add($"{path}: items are not unique");
            }
        }
    }

    private static void CheckString(JsonElement schema, string text, string path, List<string> errors)
    {
        var length = new StringInfoLength(text).Length;
        if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
        {
            errors.Add($"{path}: '{text}' is shorter than minLength {minLength.GetInt32()}");
        }

        if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
        {
            errors.Add($"{path}: '{text}' is longer than maxLength {maxLength.GetInt32()}");
        }

        if (schema.TryGetProperty("format", out var format))
        {
            var valid = format.GetString() switch
            {
                "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && text.Contains('T', StringComparison.Ordinal),
                "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "email" => text.Count(c => c == '@') == 1 && !text.StartsWith('@') && !text.EndsWith('@'),
                "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
                "uuid" => Guid.TryParseExact(text, "D", out _),
                _ => true,
            };
            if (!valid)
            {
                errors.Add($"{path}: '{text}' is not a valid {format.GetString()}");
            }
        }
    }

    private static void CheckNumber(JsonElement schema, double number, string path, List<string> errors)
    {
        if (schema.TryGetProperty("minimum", out var minimum) && number < minimum.GetDouble())
        {
            errors.Add($"{path}: {number} is below minimum {minimum.GetDouble()}");
        }

        if (schema.TryGetProperty("maximum", out var maximum) && number > maximum.GetDouble())
        {
            errors.Add($"{path}: {number} is above maximum {maximum.GetDouble()}");
        }

        if (schema.TryGetProperty("exclusiveMinimum", out var exclusiveMinimum) && exclusiveMinimum.ValueKind == JsonValueKind.Number && number <= exclusiveMinimum.GetDouble())
        {
            errors.Add($"{path}: {number} is not above exclusiveMinimum {exclusiveMinimum.GetDouble()}");
        }

        if (schema.TryGetProperty("exclusiveMaximum", out var exclusiveMaximum) && exclusiveMaximum.ValueKind == JsonValueKind.Number && number >= exclusiveMaximum.GetDouble())
        {
            errors.Add($"{path}: {number} is not below exclusiveMaximum {exclusiveMaximum.GetDouble()}");
        }

        if (schema.TryGetProperty("multipleOf", out var multipleOf))
        {
            var quotient = number / multipleOf.GetDouble();
            if (Math.Abs(quotient - Math.Round(quotient)) > 1e-9)
            {
                errors.Add($"{path}: {number} is not a multiple of {multipleOf.GetDouble()}");
            }
        }
    }

    private bool Passes(JsonElement schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, value, "$", errors);
        return errors.Count == 0;
    }

    private static bool MatchesType(JsonElement type, JsonElement value) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(candidate => MatchesType(candidate.GetString()!, value))
        : MatchesType(type.GetString()!, value);

    private static bool MatchesType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.GetDouble() == Math.Floor(value.GetDouble()),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            throw new NotSupportedException($"Only local references are supported, not {reference}.");
        }

        var current = root;
        foreach (var segment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current.ValueKind == JsonValueKind.Array ? current[int.Parse(name, CultureInfo.InvariantCulture)] : current.GetProperty(name);
        }

        return current;
    }

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 60 ? text : text[..60] + "…";
    }

    /// <summary>JSON Schema counts code points, not UTF-16 units.</summary>
    private readonly record struct StringInfoLength(string Text)
    {
        public int Length => Text.EnumerateRunes().Count();
    }
}
