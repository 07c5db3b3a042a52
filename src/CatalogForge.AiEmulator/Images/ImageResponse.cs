using System.Text.Json.Serialization;

namespace CatalogForge.AiEmulator.Images;

// The images response object, serialised snake_case by WireJson.

internal sealed record ImageResponse(long Created, IReadOnlyList<ImageData> Data);

internal sealed record ImageData(
    [property: JsonPropertyName("b64_json"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? B64Json,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    string RevisedPrompt);
