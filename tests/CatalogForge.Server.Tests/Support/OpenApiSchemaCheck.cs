using System.Text.Json;

namespace CatalogForge.Server.Tests.Support;

/// <summary>
/// Checks a JSON value against a schema of an OpenAPI 3.1 document, for the subset Microsoft.AspNetCore.OpenApi
/// emits: <c>$ref</c> to components, <c>type</c> (one or several), <c>properties</c>, <c>required</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>enum</c>, <c>pattern</c>, <c>oneOf</c>/<c>anyOf</c>/<c>allOf</c>.
/// A keyword outside the subset fails the check, so the subset cannot silently shrink what is checked.
/// </summary>
internal sealed class OpenApiSchemaCheck(JsonElement document)
{
    private static readonly HashSet<string> Ignored = ["description", "format", "default", "example", "title", "readOnly", "writeOnly", "deprecated", "externalDocs", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"];

    public List<string> Errors { get; } = [];

    public void Check(JsonElement value, JsonElement schema, string path)
    {
        foreach (var keyword in schema.EnumerateObject())
        {
            switch (keyword.Name)
            {
                case "$ref":
                    Check(value, Resolve(keyword.Value.GetString()!), path);
                    break;
                case "type":
                    var types = keyword.Value.ValueKind == JsonValueKind.Array
                        ? keyword.Value.EnumerateArray().Select(t => t.GetString()!).ToList()
                        : [keyword.Value.GetString()!];
                    if (!types.Any(type => IsType(value, type)))
                    {
                        Errors.Add($"{path}: {value.ValueKind} ({Short(value)}) is not {string.Join(" or ", types)}");
                    }

                    break;
                case "properties" when value.ValueKind == JsonValueKind.Object:
                    foreach (var property in keyword.Value.EnumerateObject())
                    {
                        if (value.TryGetProperty(property.Name, out var child))
                        {
                            Check(child, property.Value, $"{path}.{property.Name}");
                        }
                    }

                    break;
                case "required" when value.ValueKind == JsonValueKind.Object:
                    foreach (var name in keyword.Value.EnumerateArray().Select(n => n.GetString()!))
                    {
                        if (!value.TryGetProperty(name, out _))
                        {
                            Errors.Add($"{path}: required property '{name}' is missing");
                        }
                    }

                    break;
                case "additionalProperties" when value.ValueKind == JsonValueKind.Object:
                    var declared = schema.TryGetProperty("properties", out var props) ? props.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
                    foreach (var extra in value.EnumerateObject().Where(p => !declared.Contains(p.Name)))
                    {
                        if (keyword.Value.ValueKind == JsonValueKind.False)
                        {
                            Errors.Add($"{path}: property '{extra.Name}' is not in the schema");
                        }
                        else if (keyword.Value.ValueKind == JsonValueKind.Object)
                        {
                            Check(extra.Value, keyword.Value, $"{path}.{extra.Name}");
                        }
                    }

                    break;
                case "items" when value.ValueKind == JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(item, keyword.Value, $"{path}[{index++}]");
                    }

                    break;
                case "enum":
                    if (!keyword.Value.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
                    {
                        Errors.Add($"{path}: {Short(value)} is not one of {keyword.Value.GetRawText()}");
                    }

                    break;
                case "pattern" when value.ValueKind == JsonValueKind.String:
                    if (!System.Text.RegularExpressions.Regex.IsMatch(value.GetString()!, keyword.Value.GetString()!))
                    {
                        Errors.Add($"{path}: '{value.GetString()}' does not match {keyword.Value.GetString()}");
                    }

                    break;
                case "allOf":
                    foreach (var part in keyword.Value.EnumerateArray())
                    {
                        Check(value, part, path);
                    }

                    break;
                case "oneOf" or "anyOf":
                    var passing = keyword.Value.EnumerateArray().Count(option => Passes(value, option, path));
                    if (passing == 0 || (keyword.Name == "oneOf" && passing > 1))
                    {
                        Errors.Add($"{path}: {Short(value)} matches {passing} of the {keyword.Name} schemas");
                    }

                    break;
                case "properties" or "required" or "additionalProperties" or "items" or "pattern":
                    break; // the value is not of the kind the keyword applies to
                default:
                    if (!Ignored.Contains(keyword.Name) && !keyword.Name.StartsWith("x-", StringComparison.Ordinal))
                    {
                        Errors.Add($"{path}: schema keyword '{keyword.Name}' is outside the checked subset");
                    }

                    break;
            }
        }
    }

    private bool Passes(JsonElement value, JsonElement schema, string path)
    {
        var inner = new OpenApiSchemaCheck(document);
        inner.Check(value, schema, path);
        return inner.Errors.Count == 0;
    }

    private JsonElement Resolve(string reference)
    {
        const string prefix = "#/components/schemas/";
        Assert.StartsWith(prefix, reference);
        return document.GetProperty("components").GetProperty("schemas").GetProperty(reference[prefix.Length..]);
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length <= 60 ? text : text[..60] + "…";
    }
}
