using System.Runtime.CompilerServices;
using System.Text;

namespace CatalogForge.Core.Ingestion;

/// <summary>
/// Streams RFC 4180 CSV records from a reader: quoted fields with doubled quotes, commas and line breaks inside quotes,
/// CRLF or LF. Holds one record at a time; a record longer than <see cref="MaxRecordChars"/> (an unclosed quote) stops the file.
/// </summary>
public static class CsvRecordReader
{
    public const int MaxRecordChars = 1 << 20;

    /// <summary>Each record's fields and the line it starts on (1-based). Blank lines are skipped.</summary>
    public static async IAsyncEnumerable<(int Line, string[] Fields)> ReadAsync(
        TextReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new char[16 * 1024];
        var field = new StringBuilder();
        var fields = new List<string>();
        var line = 1;
        var startLine = 1;
        var inQuotes = false;
        var quoteSeen = false; // the previous char closed a quote (or is the first half of a doubled quote)
        var recordChars = 0;
        var pendingCr = false;

        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (pendingCr)
                {
                    pendingCr = false;
                    if (c == '\n')
                    {
                        continue;
                    }
                }

                if (++recordChars > MaxRecordChars)
                {
                    throw new IngestFileException(
                        $"The CSV record starting on line {startLine} is longer than {MaxRecordChars} characters (an unclosed quote?).");
                }

                if (inQuotes)
                {
                    if (c == '"')
                    {
                        inQuotes = false;
                        quoteSeen = true;
                    }
                    else
                    {
                        if (c == '\n' || c == '\r')
                        {
                            line++;
                            pendingCr = c == '\r';
                        }

                        field.Append(c);
                    }

                    continue;
                }

                switch (c)
                {
                    case '"':
                        if (quoteSeen)
                        {
                            field.Append('"'); // a doubled quote inside a quoted field
                        }

                        inQuotes = true;
                        quoteSeen = false;
                        break;
                    case ',':
                        fields.Add(field.ToString());
                        field.Clear();
                        quoteSeen = false;
                        break;
                    case '\r' or '\n':
                        pendingCr = c == '\r';
                        if (fields.Count > 0 || field.Length > 0 || quoteSeen)
                        {
                            fields.Add(field.ToString());
                            yield return (startLine, fields.ToArray());
                        }

                        fields.Clear();
                        field.Clear();
                        quoteSeen = false;
                        recordChars = 0;
                        startLine = ++line;
                        break;
                    default:
                        field.Append(c);
                        quoteSeen = false;
                        break;
                }
            }
        }

        if (inQuotes)
        {
            throw new IngestFileException($"The CSV record starting on line {startLine} has a quote that is never closed.");
        }

        if (fields.Count > 0 || field.Length > 0 || quoteSeen)
        {
            fields.Add(field.ToString());
            yield return (startLine, fields.ToArray());
        }
    }
}
