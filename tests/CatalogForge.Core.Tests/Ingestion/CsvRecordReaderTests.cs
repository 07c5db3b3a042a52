using CatalogForge.Core.Ingestion;

namespace CatalogForge.Core.Tests.Ingestion;

public sealed class CsvRecordReaderTests
{
    private static async Task<List<(int Line, string[] Fields)>> ReadAsync(string csv)
    {
        var records = new List<(int, string[])>();
        await foreach (var record in CsvRecordReader.ReadAsync(new StringReader(csv), TestContext.Current.CancellationToken))
        {
            records.Add(record);
        }

        return records;
    }

    [Fact]
    public async Task Quoted_fields_keep_commas_doubled_quotes_and_line_breaks()
    {
        var records = await ReadAsync("sku,name\r\nA-1,\"Mug, \"\"large\"\"\"\r\nA-2,\"two\nlines\"\n\nA-3,\"\"\n");

        Assert.Equal(4, records.Count);
        Assert.Equal(["sku", "name"], records[0].Fields);
        Assert.Equal(["A-1", "Mug, \"large\""], records[1].Fields);
        Assert.Equal(["A-2", "two\nlines"], records[2].Fields);
        Assert.Equal(["A-3", ""], records[3].Fields);
        Assert.Equal([1, 2, 3, 6], records.Select(r => r.Line));
    }

    [Fact]
    public async Task Last_record_without_a_line_break_is_read()
    {
        var records = await ReadAsync("a,b\n1,2");

        Assert.Equal(["1", "2"], records[1].Fields);
    }

    [Fact]
    public async Task A_quote_never_closed_stops_the_file_with_its_line()
    {
        var error = await Assert.ThrowsAsync<IngestFileException>(() => ReadAsync("a,b\n1,2\n3,\"open\n4,5\n"));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }
}
