using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;

namespace CatalogForge.Core.Tests.Ingestion;

public sealed class IngestMessageReaderTests
{
    [Fact]
    public void Inline_message_is_read_with_defaults()
    {
        var (request, error) = IngestMessageReader.Read(
            """{"tenantId":"shop-1","idempotencyKey":"k1","kind":"Generate","items":[{"productType":"ebook","brief":"b"}]}""");

        Assert.Null(error);
        Assert.NotNull(request);
        Assert.Equal(("shop-1", "k1", JobKind.Generate, JobPriority.Normal, true, "en"),
            (request.TenantId, request.IdempotencyKey, request.Kind, request.Priority, request.Images, request.Language));
        Assert.Equal(1, request.Items!.Value.GetArrayLength());
        Assert.Null(request.BlobPath);
    }

    [Theory]
    [InlineData("shop-1/2026/catalog.csv", null, IngestFileFormat.Csv)]
    [InlineData("shop-1/rows.jsonl", null, IngestFileFormat.Jsonl)]
    [InlineData("shop-1/rows.ndjson", null, IngestFileFormat.Jsonl)]
    [InlineData("shop-1/export.txt", "csv", IngestFileFormat.Csv)]
    public void Blob_message_takes_its_format_from_the_field_or_the_extension(string path, string? format, IngestFileFormat expected)
    {
        var formatJson = format is null ? "" : $""","format":"{format}" """;
        var (request, error) = IngestMessageReader.Read(
            $$"""{"tenantId":"shop-1","idempotencyKey":"k","kind":"enrich","priority":"low","options":{"images":false,"language":"pt-BR"},"blobPath":"{{path}}"{{formatJson}}}""");

        Assert.Null(error);
        Assert.Equal((expected, JobPriority.Low, false, "pt-BR"), (request!.Format, request.Priority, request.Images, request.Language));
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("null", "JSON null")]
    [InlineData("""{"idempotencyKey":"k","kind":"enrich","items":[{}]}""", "tenantId is required")]
    [InlineData("""{"tenantId":"t","kind":"enrich","items":[{}]}""", "idempotencyKey is required")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"publish","items":[{}]}""", "kind must be")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","priority":"urgent","items":[{}]}""", "priority must be")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","options":{"language":"english!"},"items":[{}]}""", "options.language")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich"}""", "Exactly one of items")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","items":[{}],"blobPath":"t/a.csv"}""", "Exactly one of items")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","items":[]}""", "non-empty JSON array")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","blobPath":"other/a.csv"}""", "tenant's own prefix 't/'")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","blobPath":"t/../other/a.csv"}""", "'..' segments")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","blobPath":"/t/a.csv"}""", "'..' segments")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","blobPath":"t/a.xlsx"}""", "format must be")]
    public void Invalid_message_is_rejected_with_a_reason(string message, string expected)
    {
        var (request, error) = IngestMessageReader.Read(message);

        Assert.Null(request);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    /// <summary>Enums bind from their names only: a number, or a string of digits, is a poison reason naming the field.</summary>
    [Theory]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","priority":"7","items":[{}]}""", "priority must be")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","priority":" 1","items":[{}]}""", "priority must be")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","priority":7,"items":[{}]}""", "priority has the wrong JSON type")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"1","items":[{}]}""", "kind must be")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":1,"items":[{}]}""", "kind has the wrong JSON type")]
    [InlineData("""{"tenantId":"t","idempotencyKey":"k","kind":"enrich","options":{"images":"yes"},"items":[{}]}""", "options.images has the wrong JSON type")]
    public void Enum_sent_as_a_number_is_rejected_naming_the_field(string message, string expected)
    {
        var (request, error) = IngestMessageReader.Read(message);

        Assert.Null(request);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("CatalogForge", error, StringComparison.Ordinal);
    }
}
