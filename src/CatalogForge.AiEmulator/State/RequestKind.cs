using System.Text.Json.Serialization;

namespace CatalogForge.AiEmulator;

[JsonConverter(typeof(JsonStringEnumConverter<RequestKind>))]
public enum RequestKind
{
    [JsonStringEnumMemberName("chat")]
    Chat,

    [JsonStringEnumMemberName("embeddings")]
    Embeddings,

    [JsonStringEnumMemberName("images")]
    Images,
}
