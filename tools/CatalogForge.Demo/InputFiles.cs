using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CatalogForge.Demo;

/// <summary>Loads the job inputs: briefs from JSON, catalog rows from CSV, as the API's item shapes.</summary>
internal static class InputFiles
{
    private static readonly string[] KnownColumns = ["sku", "name", "description", "category", "brand", "price"];

    /// <summary>The briefs file must be a non-empty JSON array of objects; they are sent as they are.</summary>
    public static JsonArray LoadBriefs(string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not valid JSON ({e.Message})");
        }

        if (root is not JsonArray briefs || briefs.Count == 0)
        {
            throw new InputException($"{path}: expected a non-empty JSON array of briefs");
        }

        for (var i = 0; i < briefs.Count; i++)
        {
            if (briefs[i] is not JsonObject brief || brief["productType"] is null || brief["brief"] is null)
            {
                throw new InputException($"{path}: item {i} needs at least \"productType\" and \"brief\"");
            }
        }

        return briefs;
    }

    /// <summary>
    /// Header row required (case-insensitive); sku and name columns required. sku, name, description,
    /// category, brand and price map to the row's fields; every other non-empty column becomes an attribute.
    /// </summary>
    public static JsonArray LoadCatalog(string path)
    {
        IReadOnlyList<(int Line, string[] Fields)> records;
        try
        {
            records = CsvReader.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new InputException($"{path}: {e.Message}");
        }

        if (records.Count < 2)
        {
            throw new InputException($"{path}: expected a header row and at least one catalog row");
        }

        var header = records[0].Fields.Select(h => h.Trim()).ToArray();
        var index = header
            .Select((name, position) => (name, position))
            .Where(c => c.name.Length > 0)
            .GroupBy(c => c.name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().position, StringComparer.OrdinalIgnoreCase);
        foreach (var required in new[] { "sku", "name" })
        {
            if (!index.ContainsKey(required))
            {
                throw new InputException($"{path}: the header has no '{required}' column");
            }
        }

        var rows = new JsonArray();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length > header.Length)
            {
                throw new InputException($"{path}, line {line}: {fields.Length} fields but the header has {header.Length}");
            }

            string Field(string column) =>
                index.TryGetValue(column, out var position) && position < fields.Length ? fields[position] : "";

            var row = new JsonObject
            {
                ["sku"] = Field("sku"),
                ["name"] = Field("name"),
            };
            if (row["sku"]!.GetValue<string>().Length == 0 || row["name"]!.GetValue<string>().Length == 0)
            {
                throw new InputException($"{path}, line {line}: sku and name must not be empty");
            }

            foreach (var column in new[] { "description", "category", "brand" })
            {
                if (Field(column) is { Length: > 0 } value)
                {
                    row[column] = value;
                }
            }

            if (Field("price") is { Length: > 0 } priceText)
            {
                if (!decimal.TryParse(priceText, NumberStyles.Number, CultureInfo.InvariantCulture, out var price))
                {
                    throw new InputException($"{path}, line {line}: price '{priceText}' is not a number");
                }

                row["price"] = price;
            }

            var attributes = new JsonObject();
            for (var i = 0; i < header.Length && i < fields.Length; i++)
            {
                if (header[i].Length > 0 && !KnownColumns.Contains(header[i], StringComparer.OrdinalIgnoreCase) && fields[i].Length > 0)
                {
                    attributes[header[i]] = fields[i];
                }
            }

            if (attributes.Count > 0)
            {
                row["attributes"] = attributes;
            }

            rows.Add(row);
        }

        return rows;
    }
}

internal sealed class InputException(string message) : Exception(message);
