using System.Text.Json;

namespace CatalogForge.Core.Ingestion;

/// <summary>
/// A message on the <c>ingest</c> queue as it arrives (JSON, camelCase). Checked by <see cref="IngestMessageReader"/>;
/// carries either <see cref="Items"/> inline or a <see cref="BlobPath"/> to a JSONL or CSV file in the <c>ingest</c> container.
/// </summary>
public sealed record IngestMessage
{
    public string? TenantId { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? Kind { get; init; }
    public string? Priority { get; init; }
    public IngestMessageOptions? Options { get; init; }
    public JsonElement? Items { get; init; }

    /// <summary>Name of the file inside the <c>ingest</c> container; must start with <c>{tenantId}/</c>.</summary>
    public string? BlobPath { get; init; }

    /// <summary><c>jsonl</c> or <c>csv</c>; taken from the file extension when absent.</summary>
    public string? Format { get; init; }
}

public sealed record IngestMessageOptions
{
    public bool? Images { get; init; }
    public string? Language { get; init; }
}
