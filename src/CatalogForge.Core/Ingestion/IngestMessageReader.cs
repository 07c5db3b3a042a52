using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Pipeline;

namespace CatalogForge.Core.Ingestion;

/// <summary>
/// Parses and checks a queue message. Everything wrong with it is reported at once, as one reason; such a message can never
/// succeed, so the handler poisons it on the first delivery.
/// </summary>
public static class IngestMessageReader
{
    public const int MaxIdempotencyKeyLength = 200;

    public static (IngestRequest? Request, string? Error) Read(string messageText)
    {
        IngestMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<IngestMessage>(messageText, CatalogJson.Options);
        }
        catch (JsonException ex)
        {
            return (null, $"The message is not valid JSON: {ex.Message}");
        }

        if (message is null)
        {
            return (null, "The message is JSON null; an object is expected.");
        }

        var errors = new List<string>();
        var tenantId = message.TenantId?.Trim();
        if (string.IsNullOrEmpty(tenantId))
        {
            errors.Add("tenantId is required.");
        }

        if (string.IsNullOrWhiteSpace(message.IdempotencyKey) || message.IdempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            errors.Add($"idempotencyKey is required (1 to {MaxIdempotencyKeyLength} characters): a queue delivers a message at least once.");
        }

        JobKind? kind = message.Kind?.Trim().ToLowerInvariant() switch
        {
            "generate" => JobKind.Generate,
            "enrich" => JobKind.Enrich,
            _ => null,
        };
        if (kind is null)
        {
            errors.Add($"kind must be 'generate' or 'enrich' (got '{message.Kind}').");
        }

        var priority = JobPriority.Normal;
        if (message.Priority is { } text && !Enum.TryParse(text, ignoreCase: true, out priority))
        {
            errors.Add($"priority must be 'high', 'normal' or 'low' (got '{text}').");
        }

        var language = message.Options?.Language ?? "en";
        if (!JobRequestValidator.IsLanguageTag(language))
        {
            errors.Add("options.language must be a BCP 47 tag such as 'en' or 'pt-BR'.");
        }

        IngestFileFormat? format = null;
        var hasItems = message.Items is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined };
        if (hasItems == (message.BlobPath is not null))
        {
            errors.Add("Exactly one of items (inline) or blobPath (a file in the ingest container) is required.");
        }
        else if (hasItems && (message.Items!.Value.ValueKind != JsonValueKind.Array || message.Items.Value.GetArrayLength() == 0))
        {
            errors.Add("items must be a non-empty JSON array.");
        }
        else if (message.BlobPath is { } path && tenantId is { Length: > 0 })
        {
            if (IngestBlobPath.Check(tenantId, path) is { } pathError)
            {
                errors.Add(pathError);
            }
            else if ((format = FormatOf(message.Format, path)) is null)
            {
                errors.Add($"format must be 'jsonl' or 'csv', or the file must end in .jsonl, .ndjson or .csv (got format '{message.Format}').");
            }
        }

        if (errors.Count > 0)
        {
            return (null, "Invalid message: " + string.Join(" ", errors));
        }

        return (new IngestRequest(tenantId!, message.IdempotencyKey!, kind!.Value, priority, message.Options?.Images ?? true, language,
            hasItems ? message.Items : null, message.BlobPath, format), null);
    }

    private static IngestFileFormat? FormatOf(string? format, string path) => format?.Trim().ToLowerInvariant() switch
    {
        "jsonl" or "ndjson" => IngestFileFormat.Jsonl,
        "csv" => IngestFileFormat.Csv,
        null or "" => Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" => IngestFileFormat.Jsonl,
            ".csv" => IngestFileFormat.Csv,
            _ => null,
        },
        _ => null,
    };
}
