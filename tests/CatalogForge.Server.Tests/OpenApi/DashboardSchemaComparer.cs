using System.Text.Json;

namespace CatalogForge.Server.Tests.OpenApi;

/// <summary>
/// Compares what the dashboard requires of an answer (a schema's <c>.shape</c> from <c>js/schemas.js</c>) with what
/// the OpenAPI document promises for it. Every field the page names must be a property of the documented schema, of a
/// compatible type, and may be null there only where the page accepts null; every enum value the API may send must be
/// one the page accepts. Fields the API has and the page ignores are fine.
/// </summary>
internal sealed class DashboardSchemaComparer(JsonElement document)
{
    public List<string> Errors { get; } = [];

    public void Compare(JsonElement shape, JsonElement schema, string path)
    {
        var api = Flatten(schema);
        var pageAcceptsNull = shape.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean();
        if (api.Nullable && !pageAcceptsNull)
        {
            Errors.Add($"{path}: the API may send null, the page requires a value");
        }

        if (api.Alternatives.Count == 0)
        {
            return; // an unconstrained schema ({}, e.g. JsonElement): anything the page expects may come
        }

        // Of several documented alternatives, the page must fit one.
        var attempts = api.Alternatives.Select(alternative =>
        {
            var inner = new DashboardSchemaComparer(document);
            inner.CompareOne(shape, alternative, path);
            return inner.Errors;
        }).ToList();
        if (attempts.All(errors => errors.Count > 0))
        {
            Errors.AddRange(attempts.MinBy(errors => errors.Count)!);
        }
    }

    private void CompareOne(JsonElement shape, JsonElement schema, string path)
    {
        var types = TypesOf(schema);
        if (shape.TryGetProperty("enum", out var accepted))
        {
            RequireType(types, "string", path);
            if (schema.TryGetProperty("enum", out var sent))
            {
                var names = accepted.EnumerateArray().Select(v => v.GetString()).ToHashSet();
                foreach (var value in sent.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null && !names.Contains(v.GetString())))
                {
                    Errors.Add($"{path}: the API may send {value.GetRawText()}, which the page does not accept");
                }
            }

            return;
        }

        if (!shape.TryGetProperty("type", out var typeElement))
        {
            return; // the page takes any value here
        }

        var type = typeElement.GetString()!;
        switch (type)
        {
            case "number":
                if (!types.Contains("number") && !types.Contains("integer"))
                {
                    Errors.Add($"{path}: the page expects a number, the API documents {string.Join(" or ", types)}");
                }

                break;
            case "string" when shape.TryGetProperty("format", out var format):
                RequireType(types, "string", path);
                if (schema.TryGetProperty("format", out var documented) && documented.GetString() != format.GetString())
                {
                    Errors.Add($"{path}: the page expects a {format.GetString()}, the API documents {documented.GetString()}");
                }

                break;
            case "array":
                if (RequireType(types, "array", path) && schema.TryGetProperty("items", out var items))
                {
                    Compare(shape.GetProperty("items"), items, $"{path}[]");
                }

                break;
            case "object":
                if (RequireType(types, "object", path))
                {
                    CompareObject(shape, schema, path);
                }

                break;
            default:
                RequireType(types, type, path);
                break;
        }
    }

    private void CompareObject(JsonElement shape, JsonElement schema, string path)
    {
        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        var additional = schema.TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == JsonValueKind.Object ? extra : default;
        if (shape.TryGetProperty("properties", out var fields))
        {
            foreach (var field in fields.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(field.Name, out var property))
                {
                    Compare(field.Value, property, $"{path}.{field.Name}");
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Compare(field.Value, additional, $"{path}.{field.Name}");
                }
                else
                {
                    Errors.Add($"{path}.{field.Name}: the page requires it, the API's schema has no such property");
                }
            }
        }

        if (shape.TryGetProperty("additionalProperties", out var values))
        {
            if (additional.ValueKind == JsonValueKind.Object)
            {
                Compare(values, additional, $"{path}.*");
            }

            if (properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    Compare(values, property.Value, $"{path}.{property.Name}");
                }
            }
        }
    }

    private bool RequireType(IReadOnlyCollection<string> types, string type, string path)
    {
        if (types.Contains(type))
        {
            return true;
        }

        Errors.Add($"{path}: the page expects {type}, the API documents {string.Join(" or ", types)}");
        return false;
    }

    /// <summary>The documented types besides null; an enum without a type is of its values' type.</summary>
    private static List<string> TypesOf(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            return (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!) : [type.GetString()!])
                .Where(t => t != "null").ToList();
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            return values.EnumerateArray().Where(v => v.ValueKind != JsonValueKind.Null)
                .Select(v => v.ValueKind == JsonValueKind.String ? "string" : v.ValueKind == JsonValueKind.Number ? "number" : "other").Distinct().ToList();
        }

        return schema.TryGetProperty("properties", out _) || schema.TryGetProperty("additionalProperties", out _) ? ["object"] : [];
    }

    /// <summary>
    /// Follows <c>$ref</c> and splits <c>oneOf</c>/<c>anyOf</c> into the non-null alternatives, noting whether null is
    /// allowed (a "null" type, a null alternative or a null enum value). No alternatives: the schema allows anything.
    /// </summary>
    private (bool Nullable, List<JsonElement> Alternatives) Flatten(JsonElement schema)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("allOf", out _))
        {
            throw new NotSupportedException("allOf is not emitted by Microsoft.AspNetCore.OpenApi; extend the comparer if it appears.");
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var options))
            {
                var flattened = options.EnumerateArray().Select(Flatten).ToList();
                return (flattened.Any(f => f.Nullable), flattened.SelectMany(f => f.Alternatives).ToList());
            }
        }

        var nullable = (schema.TryGetProperty("type", out var type) &&
                (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.GetString() == "null") : type.GetString() == "null")) ||
            (schema.TryGetProperty("enum", out var values) && values.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Null));
        return (nullable, TypesOf(schema).Count == 0 ? [] : [schema]);
    }

    private JsonElement Resolve(JsonElement schema)
    {
        const string prefix = "#/components/schemas/";
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            Assert.StartsWith(prefix, name);
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name[prefix.Length..]);
        }

        return schema;
    }
}
