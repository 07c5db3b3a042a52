using CatalogForge.Core.Ingestion;

namespace CatalogForge.Core.Tests.Ingestion;

public sealed class BoundedLineReaderTests
{
    private static async Task<List<BoundedLine>> ReadAsync(TextReader reader, int maxChars)
    {
        var lines = new List<BoundedLine>();
        await foreach (var line in BoundedLineReader.ReadAsync(reader, maxChars, TestContext.Current.CancellationToken))
        {
            lines.Add(line);
        }

        return lines;
    }

    [Theory]
    [InlineData("a\nbb\r\nccc\rdd", 1)]
    [InlineData("a\nbb\r\nccc\rdd", 16 * 1024)]
    [InlineData("a\n\n\r\n\rb\n", 3)]
    [InlineData("", 5)]
    [InlineData("\n", 5)]
    [InlineData("only", 5)]
    public async Task Lines_are_those_of_ReadLine_with_each_cut_at_the_limit(string text, int maxChars)
    {
        var expected = new List<string>();
        using (var reader = new StringReader(text))
        {
            while (reader.ReadLine() is { } line)
            {
                expected.Add(line);
            }
        }

        var lines = await ReadAsync(new StringReader(text), maxChars);

        Assert.Equal(expected.Select(l => l.Length), lines.Select(l => (int)l.Length));
        Assert.Equal(expected.Select(l => l.Length > maxChars ? l[..maxChars] : l), lines.Select(l => l.Text));
        Assert.Equal(expected.Select(l => l.Length > maxChars), lines.Select(l => l.IsCut));
        Assert.Equal(Enumerable.Range(1, expected.Count), lines.Select(l => l.Number));
    }

    [Fact]
    public async Task A_crlf_split_across_two_reads_ends_one_line()
    {
        // 16 KiB reads: the CR is the last char of the first read, its LF the first of the second.
        var first = new string('x', 16 * 1024 - 1);
        var lines = await ReadAsync(new StringReader(first + "\r\nnext\n"), 1 << 20);

        Assert.Equal([first.Length, 4], lines.Select(l => l.Length));
        Assert.Equal([1, 2], lines.Select(l => l.Number));
    }

    [Fact]
    public async Task A_64_MB_line_is_read_past_holding_no_more_than_the_limit()
    {
        const long hugeChars = 64L * 1024 * 1024;
        const int maxChars = 1 << 20;
        using var reader = new GeneratedTextReader("{\"a\":1}\n", hugeChars, "\n{\"b\":2}\n");

        // GeneratedTextReader completes every read synchronously, so the whole read runs on this thread and its
        // allocations are this thread's. Holding the 64 MB line would allocate at least 128 MB.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var lines = await ReadAsync(reader, maxChars);
        var allocatedMb = (GC.GetAllocatedBytesForCurrentThread() - before) / (1024.0 * 1024.0);
        TestContext.Current.TestOutputHelper?.WriteLine($"a {hugeChars / (1024 * 1024)} M-char line read with {allocatedMb:F1} MB allocated");

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], new[] { lines[0].Text, lines[2].Text });
        Assert.Equal((2, hugeChars, maxChars, true), (lines[1].Number, lines[1].Length, lines[1].Text.Length, lines[1].IsCut));
        Assert.True(allocatedMb < 16, $"{allocatedMb:F1} MB allocated");
    }

    /// <summary>A head, then <c>count</c> 'x' characters made up as they are read, then a tail; never a whole string.</summary>
    private sealed class GeneratedTextReader(string head, long count, string tail) : TextReader
    {
        private long _position;

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override int Read(Span<char> buffer)
        {
            var written = 0;
            while (written < buffer.Length && _position < head.Length + count + tail.Length)
            {
                buffer[written++] = _position < head.Length ? head[(int)_position]
                    : _position < head.Length + count ? 'x'
                    : tail[(int)(_position - head.Length - count)];
                _position++;
            }

            return written;
        }
    }
}
