using System.Text.Json;
using CatalogForge.Core.Domain;

namespace CatalogForge.Core.Ingestion;

public enum IngestFileFormat
{
    Jsonl,
    Csv,
}

/// <summary>A message that passed every check: where its rows come from and how its jobs are to be written.</summary>
public sealed record IngestRequest(
    string TenantId,
    string IdempotencyKey,
    JobKind Kind,
    JobPriority Priority,
    bool Images,
    string Language,
    JsonElement? Items,
    string? BlobPath,
    IngestFileFormat? Format);
