using System.Text;

namespace CatalogForge.Demo;

/// <summary>
/// Reads RFC 4180 CSV: comma-separated fields, optionally quoted; inside quotes commas and line
/// breaks are data and a doubled quote is one quote. Accepts LF or CRLF and a leading BOM.
/// </summary>
internal static class CsvReader
{
    /// <summary>Every record as its fields, with the 1-based line it starts on. Blank lines are skipped.</summary>
    public static IReadOnlyList<(int Line, string[] Fields)> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var fieldWasQuoted = false;
        var line = 1;
        var recordLine = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;

        void EndField()
        {
            fields.Add(fieldWasQuoted ? field.ToString() : field.ToString().Trim());
            field.Clear();
            fieldWasQuoted = false;
        }

        void EndRecord()
        {
            EndField();
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                records.Add((recordLine, fields.ToArray()));
            }

            fields.Clear();
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.ToString().Trim().Length == 0 && !fieldWasQuoted:
                    field.Clear();
                    inQuotes = true;
                    fieldWasQuoted = true;
                    break;
                case ',':
                    EndField();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (fieldWasQuoted && !char.IsWhiteSpace(c))
                    {
                        throw new FormatException($"line {line}: unexpected '{c}' after a closing quote");
                    }

                    if (!fieldWasQuoted)
                    {
                        field.Append(c);
                    }

                    break;
            }
        }

        if (inQuotes)
        {
            throw new FormatException($"line {recordLine}: a quoted field is not closed");
        }

        if (field.Length > 0 || fields.Count > 0 || fieldWasQuoted)
        {
            EndRecord();
        }

        return records;
    }
}
