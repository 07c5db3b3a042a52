using System.Runtime.CompilerServices;
using System.Text;

namespace CatalogForge.Core.Ingestion;

/// <summary>
/// One line of a text (1-based number). <see cref="Length"/> is the whole line's length; when it is more than the reader's
/// limit, <see cref="Text"/> holds only the line's first characters and <see cref="IsCut"/> is true.
/// </summary>
public readonly record struct BoundedLine(int Number, string Text, long Length)
{
    public bool IsCut => Length > Text.Length;
}

/// <summary>
/// Streams lines like <see cref="TextReader.ReadLineAsync(CancellationToken)"/> (CR, LF or CRLF; no empty line after a final
/// break) but never holds more than <c>maxChars</c> of a line: the rest of a longer line is read and dropped, only counted.
/// </summary>
public static class BoundedLineReader
{
    private const int BufferChars = 16 * 1024;

    public static async IAsyncEnumerable<BoundedLine> ReadAsync(
        TextReader reader, int maxChars, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        var buffer = new char[BufferChars];
        var line = new StringBuilder();
        long length = 0;
        var number = 1;
        var afterCr = false; // the previous char was a CR, so an LF right after it ends no second line

        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
        {
            var start = 0;
            if (afterCr && buffer[0] == '\n')
            {
                start = 1;
            }

            int end;
            while ((end = NextBreak(buffer, start, read)) >= 0)
            {
                length += Keep(line, buffer, start, end - start, maxChars);
                yield return new BoundedLine(number++, line.ToString(), length);
                line.Clear();
                length = 0;
                start = end + 1;
                if (buffer[end] == '\r' && start < read && buffer[start] == '\n')
                {
                    start++;
                }
            }

            afterCr = start == read && buffer[read - 1] == '\r';
            length += Keep(line, buffer, start, read - start, maxChars);
        }

        if (length > 0)
        {
            yield return new BoundedLine(number, line.ToString(), length);
        }
    }

    private static int NextBreak(char[] buffer, int start, int end)
    {
        var index = buffer.AsSpan(start, end - start).IndexOfAny('\r', '\n');
        return index < 0 ? -1 : start + index;
    }

    /// <summary>Appends what still fits under <paramref name="maxChars"/>; returns the count seen, kept or not.</summary>
    private static int Keep(StringBuilder line, char[] buffer, int start, int count, int maxChars)
    {
        var room = maxChars - line.Length;
        if (room > 0)
        {
            line.Append(buffer, start, Math.Min(room, count));
        }

        return count;
    }
}
