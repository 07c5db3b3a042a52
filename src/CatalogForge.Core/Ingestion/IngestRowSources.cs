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

    /// <summary>
    /// The longest JSON line read, in characters: the same limit as a CSV record (<see cref="CsvRecordReader.MaxRecordChars"/>).
    /// A longer line is read past without being held in memory and becomes an invalid row.
    /// </summary>
    public const int MaxLineChars = CsvRecordReader.MaxRecordChars;

    /// <summary>One JSON object per line; blank lines are skipped, a line that is not JSON or is too long becomes an invalid row.</summary>
    public static async IAsyncEnumerable<IngestRow> JsonLinesAsync(TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in BoundedLineReader.ReadAsync(reader, MaxLineChars, cancellationToken))
        {
            var label = $"line {line.Number}";
            if (line.IsCut)
            {
                yield return new IngestRow(label, null,
                    $"{label} is {line.Length} characters long, more than the {MaxLineChars} allowed for a JSON line; it was skipped.", line.Text);
                continue;
            }

            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }

            var (element, error) = Parse(line.Text);
            if (error is not null)
            {
                yield return new IngestRow(label, null, $"{label} is not valid JSON: {error}", line.Text);
                continue;
            }

            yield return new IngestRow(label, element, null, line.Text);
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
