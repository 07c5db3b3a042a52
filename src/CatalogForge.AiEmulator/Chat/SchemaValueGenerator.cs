using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Chat;

/// <summary>
/// Produces a JSON value that validates against a JSON Schema (the subset structured-output clients send:
/// objects, arrays, enums, const, string/number bounds, anyOf/oneOf/allOf, type unions and local $ref).
/// Text comes from the prompt's words and property names pick plausible shapes (titles, prices, tags...).
/// </summary>
internal sealed class SchemaValueGenerator(JsonElement rootSchema, ProseWriter prose)
{
    /// <summary>Beyond this depth only required properties and minimum item counts are generated, which stops recursive schemas.</summary>
    private const int SoftDepthLimit = 8;
    private const int HardDepthLimit = 32;

    private readonly DeterministicRandom _random = prose.Random;

    public JsonNode? Generate() => Generate(rootSchema, propertyName: null, depth: 0);

    private JsonNode? Generate(JsonElement schema, string? propertyName, int depth)
    {
        if (depth > HardDepthLimit)
        {
            return null;
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return JsonValue.Create(prose.Word());
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (schema.TryGetProperty("$ref", out var reference) && TryResolveReference(reference.GetString(), out var target))
        {
            return Generate(target, propertyName, depth + 1);
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return JsonSerializer.SerializeToNode(constant);
        }

        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            var candidates = values.EnumerateArray().Where(value => value.ValueKind != JsonValueKind.Null).ToList();
            return candidates.Count == 0 ? null : JsonSerializer.SerializeToNode(_random.Pick(candidates));
        }

        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(keyword, out var branches) && branches.ValueKind == JsonValueKind.Array)
            {
                // The first non-null branch: a nullable property still gets a value, so the reply is as full as possible.
                var branch = branches.EnumerateArray().FirstOrDefault(candidate => !AllowsOnlyNull(candidate));
                return branch.ValueKind == JsonValueKind.Undefined ? null : Generate(branch, propertyName, depth + 1);
            }
        }

        if (schema.TryGetProperty("allOf", out var parts) && parts.ValueKind == JsonValueKind.Array && parts.GetArrayLength() > 0)
        {
            var richest = parts.EnumerateArray()
                .OrderByDescending(part => part.ValueKind == JsonValueKind.Object ? part.EnumerateObject().Count() : 0)
                .First();
            return Generate(richest, propertyName, depth + 1);
        }

        return ResolveType(schema) switch
        {
            "object" => GenerateObject(schema, depth),
            "array" => GenerateArray(schema, propertyName, depth),
            "string" => GenerateString(schema, propertyName),
            "integer" => GenerateInteger(schema, propertyName),
            "number" => GenerateNumber(schema, propertyName),
            "boolean" => JsonValue.Create(_random.NextBool()),
            _ => null,
        };
    }

    private JsonObject GenerateObject(JsonElement schema, int depth)
    {
        var result = new JsonObject();
        var required = schema.TryGetProperty("required", out var requiredList) && requiredList.ValueKind == JsonValueKind.Array
            ? requiredList.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        var additionalSchema = hasAdditional && additional.ValueKind is JsonValueKind.Object or JsonValueKind.True
            ? additional
            : default;

        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (depth >= SoftDepthLimit && !required.Contains(property.Name))
                {
                    continue;
                }

                result[property.Name] = Generate(property.Value, property.Name, depth + 1);
            }
        }

        foreach (var name in required.Where(name => !result.ContainsKey(name)))
        {
            result[name] = additionalSchema.ValueKind == JsonValueKind.Undefined
                ? JsonValue.Create(prose.Word())
                : Generate(additionalSchema, name, depth + 1);
        }

        var minProperties = SchemaKeywords.Int(schema, "minProperties") ?? 0;
        var wanted = result.Count == 0 && depth < SoftDepthLimit ? Math.Max(minProperties, 2) : minProperties;
        if (additionalSchema.ValueKind != JsonValueKind.Undefined && result.Count < wanted)
        {
            foreach (var key in prose.DistinctWords(wanted).Where(key => !result.ContainsKey(key)).Take(wanted - result.Count))
            {
                result[key] = Generate(additionalSchema, key, depth + 1);
            }
        }

        return result;
    }

    private JsonArray GenerateArray(JsonElement schema, string? propertyName, int depth)
    {
        var minItems = Math.Max(0, SchemaKeywords.Int(schema, "minItems") ?? 0);
        var maxItems = SchemaKeywords.Int(schema, "maxItems");
        var count = depth >= SoftDepthLimit ? minItems : Math.Max(minItems, _random.Next(3, 5));
        if (maxItems is { } max)
        {
            count = Math.Max(Math.Min(count, max), Math.Min(minItems, max));
        }

        var prefix = schema.TryGetProperty("prefixItems", out var prefixItems) && prefixItems.ValueKind == JsonValueKind.Array
            ? prefixItems.EnumerateArray().ToList()
            : schema.TryGetProperty("items", out var tupleItems) && tupleItems.ValueKind == JsonValueKind.Array
                ? tupleItems.EnumerateArray().ToList()
                : [];
        var rest = schema.TryGetProperty("items", out var items) && items.ValueKind != JsonValueKind.Array
            ? items
            : schema.TryGetProperty("additionalItems", out var additionalItems) ? additionalItems : default;
        if (rest.ValueKind == JsonValueKind.False)
        {
            count = Math.Min(count, prefix.Count);
        }

        var mustBeUnique = SchemaKeywords.IsTrue(schema, "uniqueItems");
        var namedBy = mustBeUnique ? null : EnumNamedProperty(rest);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();
        for (var attempt = 0; result.Count < count && attempt < count * 6; attempt++)
        {
            var index = result.Count;
            var itemSchema = index < prefix.Count ? prefix[index] : rest;
            var item = itemSchema.ValueKind == JsonValueKind.Undefined
                ? JsonValue.Create(prose.Word())
                : Generate(itemSchema, propertyName, depth + 1);
            var identity = namedBy is not null && item is JsonObject named && named[namedBy] is { } name ? name : item;
            var isFresh = seen.Add(identity?.ToJsonString() ?? "null");

            // Repeated words in a tag list, or a ranking that names a brand twice, read badly; only uniqueItems makes
            // them invalid, so give up on freshness (but not on uniqueness) once the attempts run low. A named list
            // rather ends shorter, unless minItems needs the repeat.
            if (isFresh || (!mustBeUnique && attempt >= count * 3 && (namedBy is null || result.Count < minItems)))
            {
                result.Add(item);
            }
        }

        return result;
    }

    /// <summary>The first property of an item schema whose values come from an enum: what a list's items are named by.</summary>
    private static string? EnumNamedProperty(JsonElement itemSchema) =>
        itemSchema.ValueKind == JsonValueKind.Object && itemSchema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject()
                .Where(property => property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("enum", out var values)
                    && values.ValueKind == JsonValueKind.Array)
                .Select(property => property.Name)
                .FirstOrDefault()
            : null;

    private JsonValue GenerateString(JsonElement schema, string? propertyName)
    {
        var format = SchemaKeywords.String(schema, "format");
        var text = FormattedString(format) ?? NamedString(propertyName);
        return JsonValue.Create(FitLength(text, SchemaKeywords.Int(schema, "minLength"), SchemaKeywords.Int(schema, "maxLength")));
    }

    private string? FormattedString(string? format)
    {
        var moment = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)
            .AddDays(_random.Next(0, 700))
            .AddMinutes(_random.Next(0, 24 * 60 - 1));
        return format switch
        {
            "date-time" => moment.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "date" => moment.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "time" => moment.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "email" or "idn-email" => $"{prose.Word()}@example.com",
            "uri" or "url" or "iri" or "uri-reference" or "iri-reference" => $"https://example.com/{Slug()}",
            "hostname" or "idn-hostname" => $"{prose.Word()}.example.com",
            "uuid" => RandomGuid().ToString(),
            "ipv4" => $"192.0.2.{_random.Next(1, 254)}",
            "ipv6" => $"2001:db8::{_random.Next(1, 0xffff):x}",
            "duration" => $"PT{_random.Next(1, 90)}M",
            _ => null,
        };
    }

    private string NamedString(string? propertyName)
    {
        var name = Normalize(propertyName);
        if (name.Length == 0)
        {
            return prose.Phrase(2, 4);
        }

        if (name.Contains("currency", StringComparison.Ordinal))
        {
            return "USD";
        }

        if (name.Contains("sku", StringComparison.Ordinal))
        {
            return $"SKU-{_random.Next(0, 0xFFFFFF):X6}";
        }

        if (IsIdentifierName(propertyName!))
        {
            return $"{prose.Word()}-{_random.Next(0, 0xFFFFFF):x6}";
        }

        if (HasAny(name, "url", "uri", "link", "href", "website"))
        {
            return $"https://example.com/{Slug()}";
        }

        if (name.Contains("email", StringComparison.Ordinal))
        {
            return $"{prose.Word()}@example.com";
        }

        if (HasAny(name, "slug", "handle"))
        {
            return Slug();
        }

        if (name.Contains("phone", StringComparison.Ordinal))
        {
            return $"+1-555-01{_random.Next(0, 99):00}";
        }

        if (HasAny(name, "color", "colour"))
        {
            return ColorWord();
        }

        if (HasAny(name, "locale", "language"))
        {
            return "en";
        }

        if (name.Contains("country", StringComparison.Ordinal))
        {
            return "US";
        }

        if (HasAny(name, "description", "summary", "details", "body", "overview", "text", "content", "copy", "blurb", "about", "story", "abstract", "reason", "explanation"))
        {
            return prose.Sentences(2, 3);
        }

        if (HasAny(name, "feature", "benefit", "highlight", "bullet", "point", "note"))
        {
            return prose.Sentence();
        }

        if (HasAny(name, "title", "headline", "heading", "label", "caption"))
        {
            return prose.TitlePhrase();
        }

        if (HasAny(name, "name", "brand"))
        {
            return prose.TitlePhrase(2, 4);
        }

        if (HasAny(name, "tag", "keyword", "term", "word"))
        {
            return prose.Word();
        }

        if (HasAny(name, "category", "type", "kind", "material", "style", "collection"))
        {
            return ProseWriter.TitleCase(prose.Phrase(1, 2));
        }

        return prose.Phrase(2, 4);
    }

    private static readonly string[] Colors = ["black", "white", "red", "blue", "green", "navy", "grey", "beige", "olive", "teal", "silver"];

    private string ColorWord()
    {
        var known = prose.DistinctWords(int.MaxValue).Where(word => Colors.Contains(word, StringComparer.Ordinal)).ToList();
        return known.Count > 0 ? _random.Pick(known) : _random.Pick(Colors);
    }

    private string Slug() => prose.Phrase(2, 3).Replace(' ', '-');

    private Guid RandomGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, _random.NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], _random.NextUInt64());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    private string FitLength(string text, int? minLength, int? maxLength)
    {
        var min = Math.Max(0, minLength ?? 0);
        while (text.Length < min)
        {
            text = text.Length == 0 ? prose.Word() : $"{text} {prose.Word()}";
        }

        if (maxLength is not { } max || text.Length <= max)
        {
            return text;
        }

        max = Math.Max(max, 0);
        var cut = text[..max];
        if (cut.Length > 0 && char.IsHighSurrogate(cut[^1]))
        {
            cut = cut[..^1];
        }

        var lastSpace = cut.LastIndexOf(' ');
        var atWordBoundary = lastSpace > 0 ? cut[..lastSpace].TrimEnd(' ', ',') : cut;
        return atWordBoundary.Length >= Math.Max(min, 1) ? atWordBoundary : cut;
    }

    private JsonValue GenerateInteger(JsonElement schema, string? propertyName)
    {
        var (preferredLow, preferredHigh) = PreferredRange(propertyName, integer: true);
        var bounds = NumericBounds.Read(schema);
        var lowest = bounds.Minimum is { } lo ? (long)(bounds.MinimumExclusive ? Math.Floor(lo) + 1 : Math.Ceiling(lo)) : long.MinValue / 4;
        var highest = bounds.Maximum is { } hi ? (long)(bounds.MaximumExclusive ? Math.Ceiling(hi) - 1 : Math.Floor(hi)) : long.MaxValue / 4;
        var low = Math.Max(lowest, (long)preferredLow);
        var high = Math.Min(highest, (long)preferredHigh);
        if (low > high)
        {
            // The preferred range misses the schema's bounds: stay near whichever bound exists.
            var span = (long)(preferredHigh - preferredLow);
            low = bounds.Minimum.HasValue ? lowest : highest - span;
            high = bounds.Maximum.HasValue ? Math.Min(highest, low + span) : low + span;
        }

        var multipleOf = SchemaKeywords.Number(schema, "multipleOf");
        if (multipleOf is { } step && step >= 1 && step == Math.Floor(step))
        {
            var stride = (long)step;
            var first = (long)Math.Ceiling(low / (double)stride) * stride;
            var last = (long)Math.Floor(high / (double)stride) * stride;
            if (first <= last)
            {
                return JsonValue.Create(first + (stride * _random.Next(0, (last - first) / stride)));
            }
        }

        return JsonValue.Create(_random.Next(low, Math.Max(low, high)));
    }

    private JsonValue GenerateNumber(JsonElement schema, string? propertyName)
    {
        var (preferredLow, preferredHigh) = PreferredRange(propertyName, integer: false);
        var bounds = NumericBounds.Read(schema);
        var low = Math.Max(preferredLow, bounds.Minimum ?? double.NegativeInfinity);
        var high = Math.Min(preferredHigh, bounds.Maximum ?? double.PositiveInfinity);
        if (bounds is { Minimum: { } min, Maximum: { } max } && (low > high || high - low < (max - min) / 10))
        {
            // The preferred range misses the bounds or only grazes them (1…100 against −1…1 would always give 1): use the bounds.
            (low, high) = (min, max);
        }
        else if (low > high)
        {
            var span = preferredHigh - preferredLow;
            low = bounds.Minimum ?? (bounds.Maximum!.Value - span);
            high = bounds.Maximum ?? (low + span);
        }

        var raw = low + (_random.NextDouble() * (high - low));
        var multipleOf = SchemaKeywords.Number(schema, "multipleOf");
        var candidates = multipleOf is > 0 and var step
            ? new[] { Math.Round(raw / step) * step, Math.Ceiling(low / step) * step, Math.Floor(high / step) * step }
            : new[] { Math.Round(raw, 2), Math.Round((low + high) / 2, 2), Math.Ceiling(low * 100) / 100 };
        foreach (var candidate in candidates)
        {
            if (bounds.Admits(candidate))
            {
                return JsonValue.Create(candidate);
            }
        }

        // Bounds tighter than two decimals: the unrounded midpoint is still inside them.
        return JsonValue.Create(bounds.Admits(raw) ? raw : (low + high) / 2);
    }

    private static (double Low, double High) PreferredRange(string? propertyName, bool integer)
    {
        var name = Normalize(propertyName);
        return name switch
        {
            _ when HasAny(name, "price", "amount", "cost", "msrp", "total", "fee") => (5, 99),
            _ when HasAny(name, "rating", "stars") => (1, 5),
            _ when HasAny(name, "score", "confidence", "probability") => integer ? (1, 100) : (0, 1),
            _ when HasAny(name, "sentiment", "polarity") => (-1, 1),
            _ when HasAny(name, "percent", "discount") => (0, 50),
            _ when HasAny(name, "year") => (2018, 2025),
            _ when HasAny(name, "quantity", "stock", "count", "inventory", "qty") => (1, 500),
            _ when HasAny(name, "weight") => integer ? (1, 25) : (0.1, 25),
            _ when HasAny(name, "latitude") => (-90, 90),
            _ when HasAny(name, "longitude") => (-180, 180),
            _ => (1, 100),
        };
    }

    private bool TryResolveReference(string? reference, out JsonElement target)
    {
        target = default;
        if (reference is null || !reference.StartsWith('#'))
        {
            return false;
        }

        var current = rootSchema;
        foreach (var rawSegment in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(rawSegment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return false;
            }
        }

        target = current;
        return true;
    }

    private static string ResolveType(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                return type.GetString()!;
            }

            if (type.ValueKind == JsonValueKind.Array)
            {
                var types = type.EnumerateArray().Select(item => item.GetString()).ToList();
                return types.FirstOrDefault(name => name is not null and not "null") ?? "null";
            }
        }

        if (HasAnyKeyword(schema, "properties", "additionalProperties", "required", "patternProperties", "minProperties"))
        {
            return "object";
        }

        if (HasAnyKeyword(schema, "items", "prefixItems", "minItems", "maxItems", "uniqueItems"))
        {
            return "array";
        }

        if (HasAnyKeyword(schema, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"))
        {
            return "number";
        }

        return "string";
    }

    private static bool AllowsOnlyNull(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && ((schema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "null")
            || (schema.TryGetProperty("const", out var constant) && constant.ValueKind == JsonValueKind.Null));

    private static bool HasAnyKeyword(JsonElement schema, params ReadOnlySpan<string> keywords)
    {
        foreach (var keyword in keywords)
        {
            if (schema.TryGetProperty(keyword, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"id", "productId", "product_id", "SKU_ID" — but not words that merely end in "id" such as "liquid".</summary>
    private static bool IsIdentifierName(string propertyName) =>
        propertyName.Equals("id", StringComparison.OrdinalIgnoreCase)
        || propertyName.EndsWith("Id", StringComparison.Ordinal)
        || propertyName.EndsWith("ID", StringComparison.Ordinal)
        || propertyName.EndsWith("_id", StringComparison.OrdinalIgnoreCase)
        || propertyName.EndsWith("-id", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string? propertyName) =>
        propertyName is null ? string.Empty : propertyName.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static bool HasAny(string normalizedName, params ReadOnlySpan<string> fragments)
    {
        foreach (var fragment in fragments)
        {
            if (normalizedName.Contains(fragment, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
