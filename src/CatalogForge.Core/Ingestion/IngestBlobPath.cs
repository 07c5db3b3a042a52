namespace CatalogForge.Core.Ingestion;

/// <summary>
/// Files for ingestion live at <c>ingest/{tenantId}/…</c>. A message may only name a file under its own tenant's prefix:
/// no leading slash, no empty, <c>.</c> or <c>..</c> segments, no backslashes, no URL.
/// </summary>
public static class IngestBlobPath
{
    private const int MaxLength = 1024;

    /// <summary>Null when <paramref name="path"/> is a file under <paramref name="tenantId"/>'s prefix, else why not.</summary>
    public static string? Check(string tenantId, string path)
    {
        if (path.Length is 0 or > MaxLength || path.Contains('\\') || path.Contains("://", StringComparison.Ordinal)
            || path.Any(char.IsControl))
        {
            return $"blobPath must be a file name of 1 to {MaxLength} characters inside the ingest container, such as '{tenantId}/2026-11-23/catalog.csv'.";
        }

        var segments = path.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            return "blobPath may not hold empty, '.' or '..' segments (nor start or end with '/').";
        }

        if (segments.Length < 2 || !string.Equals(segments[0], tenantId, StringComparison.Ordinal))
        {
            return $"blobPath must lie under the tenant's own prefix '{tenantId}/' of the ingest container.";
        }

        return null;
    }
}
