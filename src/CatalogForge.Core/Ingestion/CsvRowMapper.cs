using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline;

namespace CatalogForge.Core.Ingestion;

/// <summary>
/// Turns CSV records into the JSON items the job validator checks. Header names match the JSON fields case-insensitively
/// (<c>_</c>, <c>-</c> and spaces ignored). Enrich: <c>sku, name, description, category, brand, price</c>; every other
/// column becomes an attribute. Generate: <c>productType, brief, workingTitle, audience, tone, keywords</c> (keywords split
/// on <c>;</c> or <c>|</c>); other columns are ignored. Empty cells are absent values (empty required ones stay, so the validator names them).
/// </summary>
public sealed class CsvRowMapper
{
    private static readonly string[] EnrichFields = ["sku", "name", "description", "category", "brand", "price"];
    private static readonly string[] GenerateFields = ["productType", "brief", "workingTitle", "audience", "tone", "keywords"];
    private static readonly char[] KeywordSeparators = [';', '|'];

    private readonly JobKind _kind;
    private readonly string[] _header;
    private readonly string?[] _fieldOf; // JSON field per column, null for an attribute (enrich) or an ignored column
    private readonly string[] _required;

    public CsvRowMapper(JobKind kind, string[] header)
    {
        _kind = kind;
        _header = header.Select(h => h.Trim()).ToArray();
        var known = kind == JobKind.Enrich ? EnrichFields : GenerateFields;
        _fieldOf = _header.Select(h => known.FirstOrDefault(f => Normalise(f) == Normalise(h))).ToArray();

        _required = kind == JobKind.Enrich ? ["sku", "name"] : ["productType", "brief"];
        var missing = _required.Where(r => !_fieldOf.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            throw new IngestFileException(
                $"The CSV header lacks the column(s) {string.Join(", ", missing)} that a {kind.ToString().ToLowerInvariant()} item needs; header: {string.Join(",", _header)}.");
        }

        var duplicate = _header.Where(h => h.Length > 0).GroupBy(Normalise).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new IngestFileException($"The CSV header names the column '{duplicate.First()}' more than once.");
        }
    }

    public IngestRow Map(int line, string[] fields)
    {
        var label = $"line {line}";
        var raw = string.Join(",", fields.Select(Quote));
        if (fields.Length != _header.Length)
        {
            return new IngestRow(label, null, $"{label}: the row has {fields.Length} fields; the header has {_header.Length}.", raw);
        }

        var item = new JsonObject();
        var attributes = new JsonObject();
        for (var i = 0; i < fields.Length; i++)
        {
            var value = fields[i].Trim();
            if (value.Length == 0)
            {
                if (_fieldOf[i] is { } field && _required.Contains(field))
                {
                    item[field] = ""; // so the validator names the empty required field
                }

                continue;
            }

            switch (_fieldOf[i])
            {
                case "price":
                    if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var price))
                    {
                        return new IngestRow(label, null, $"{label}.price: '{value}' is not a number (use a dot for decimals).", raw);
                    }

                    item["price"] = price;
                    break;
                case "keywords":
                    item["keywords"] = new JsonArray(value.Split(KeywordSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                        .Select(k => (JsonNode?)k).ToArray());
                    break;
                case { } name:
                    item[name] = value;
                    break;
                case null when _kind == JobKind.Enrich && _header[i].Length > 0:
                    attributes[_header[i]] = value;
                    break;
            }
        }

        if (attributes.Count > 0)
        {
            item["attributes"] = attributes;
        }

        return new IngestRow(label, JsonSerializer.SerializeToElement(item, CatalogJson.Options), null, raw);
    }

    private static string Normalise(string name) =>
        new(name.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToLowerInvariant).ToArray());

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
