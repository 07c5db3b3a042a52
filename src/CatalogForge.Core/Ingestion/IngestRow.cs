using System.Text.Json;

namespace CatalogForge.Core.Ingestion;

/// <summary>
/// One row of a message: its label for error messages (<c>items[3]</c>, <c>line 17</c>), the item as JSON when it could be
/// read, or why it could not, and the raw text kept on the failed item.
/// </summary>
public sealed record IngestRow(string Label, JsonElement? Item, string? Error, string Raw);

/// <summary>A file that cannot be read as a whole (bad CSV header, runaway quoted field, no rows): the message is poison.</summary>
public sealed class IngestFileException(string message) : Exception(message);
