using System.Text.Encodings.Web;
using System.Text.Json;

namespace CatalogForge.AiEmulator.Pipeline;

/// <summary>JSON settings of the OpenAI wire format (snake_case, nulls written, quotes escaped as \" like the service does).</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>For JSON that goes inside a message's content: readable, since it is escaped again around it.</summary>
    public static readonly JsonSerializerOptions ContentOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
