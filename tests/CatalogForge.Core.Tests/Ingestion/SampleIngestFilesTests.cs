using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Jobs;
using CatalogForge.Testing;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>The README's message examples (samples/ingest) and sample files are what the reader and validator accept.</summary>
public sealed class SampleIngestFilesTests
{
    private static readonly JobRequestValidator Validator = new(Options.Create(new JobLimits()));

    [Theory]
    [InlineData("inline.message.json", null)]
    [InlineData("jsonl.message.json", IngestFileFormat.Jsonl)]
    [InlineData("csv.message.json", IngestFileFormat.Csv)]
    public void Sample_messages_are_valid(string file, IngestFileFormat? format)
    {
        var (request, error) = IngestMessageReader.Read(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "samples", "ingest", file)));

        Assert.Null(error);
        Assert.Equal(format, request!.Format);
    }

    [Theory]
    [InlineData("samples/ingest/briefs.jsonl", JobKind.Generate, 3)]
    [InlineData("samples/catalog.csv", JobKind.Enrich, 12)]
    public async Task Sample_files_hold_only_valid_rows(string file, JobKind kind, int atLeast)
    {
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, file));
        var rows = file.EndsWith(".csv", StringComparison.Ordinal)
            ? IngestRowSources.CsvAsync(reader, kind, TestContext.Current.CancellationToken)
            : IngestRowSources.JsonLinesAsync(reader, TestContext.Current.CancellationToken);
        var count = 0;
        await foreach (var row in rows)
        {
            Assert.Null(row.Error);
            var (json, errors) = Validator.ValidateItem(kind, row.Item!.Value, row.Label);
            Assert.True(json is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            count++;
        }

        Assert.True(count >= atLeast, $"{file}: {count} rows");
    }
}
