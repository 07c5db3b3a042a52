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
        catch (JsonException ex) when (ex.InnerException is not JsonException && FieldOf(ex) is { } field)
        {
            // Valid JSON with a field of the wrong JSON type, e.g. "priority": 7. Named by the field, never by .NET type.
            return (null, $"Invalid message: {field} has the wrong JSON type; it takes {Expected(field)}.");
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine ?? 0})" : "";
            return (null, $"The message is not valid JSON{where}.");
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
            errors.Add($"kind must be 'generate' or 'enrich', a name, not a number (got '{message.Kind}').");
        }

        // Names only: Enum.TryParse would take "7" (or " 1") and bind a priority that does not exist.
        JobPriority? priority = message.Priority?.Trim().ToLowerInvariant() switch
        {
            null => JobPriority.Normal,
            "high" => JobPriority.High,
            "normal" => JobPriority.Normal,
            "low" => JobPriority.Low,
            _ => null,
        };
        if (priority is null)
        {
            errors.Add($"priority must be 'high', 'normal' or 'low', a name, not a number (got '{message.Priority}').");
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

        return (new IngestRequest(tenantId!, message.IdempotencyKey!, kind!.Value, priority!.Value, message.Options?.Images ?? true, language,
            hasItems ? message.Items : null, message.BlobPath, format), null);
    }

    /// <summary><c>$.options.images</c> → <c>options.images</c>; null for the root.</summary>
    private static string? FieldOf(JsonException exception) =>
        exception.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;

    private static string Expected(string field) => field switch
    {
        "options.images" => "true or false",
        "options" => "an object",
        "items" => "an array",
        "kind" => "a name: 'generate' or 'enrich'",
        "priority" => "a name: 'high', 'normal' or 'low'",
        _ => "a string",
    };

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
