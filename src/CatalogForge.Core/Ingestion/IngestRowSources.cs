using System.Runtime.CompilerServices;
using System.Text.Json;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ingestion;

/// <summary>The rows of a message, one at a time: inline items, JSON Lines or CSV with a header row.</summary>
public static class IngestRowSources
{
    public static async IAsyncEnumerable<IngestRow> InlineAsync(JsonElement items)
    {
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            yield return new IngestRow($"items[{index++}]", item, null, item.GetRawText());
        }

        await Task.CompletedTask;
    }

    /// <summary>One JSON object per line; blank lines are skipped, a line that is not JSON becomes an invalid row.</summary>
    public static async IAsyncEnumerable<IngestRow> JsonLinesAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var label = $"line {number}";
            var (element, error) = Parse(line);
            if (error is not null)
            {
                yield return new IngestRow(label, null, $"{label} is not valid JSON: {error}", line);
                continue;
            }

            yield return new IngestRow(label, element, null, line);
        }
    }

    private static (JsonElement Element, string? Error) Parse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, ex.Message);
        }
    }

    public static async IAsyncEnumerable<IngestRow> CsvAsync(
        TextReader reader, JobKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        CsvRowMapper? mapper = null;
        await foreach (var (line, fields) in CsvRecordReader.ReadAsync(reader, cancellationToken))
        {
            if (mapper is null)
            {
                mapper = new CsvRowMapper(kind, fields);
                continue;
            }

            yield return mapper.Map(line, fields);
        }

        if (mapper is null)
        {
            throw new IngestFileException("The CSV file is empty; a header row is expected.");
        }
    }
}
