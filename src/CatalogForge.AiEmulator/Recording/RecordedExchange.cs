using System.Text.Json.Nodes;

namespace CatalogForge.AiEmulator.Recording;

/// <summary>
/// One recorded exchange, stored as <c>{hash}.json</c>. The request is kept for people reading the folder (its body
/// only: no headers, so no keys or tokens); the response body is kept as the exact text the upstream sent.
/// </summary>
internal sealed record RecordedExchange(
    string Hash,
    string Method,
    string Path,
    JsonNode? RequestBody,
    int Status,
    string? ContentType,
    string ResponseBody);
