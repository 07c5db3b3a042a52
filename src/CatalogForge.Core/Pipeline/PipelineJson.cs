using System.Text.Json;
using System.Text.Json.Serialization;

namespace CatalogForge.Core.Pipeline;

public static class PipelineJson
{
    /// <summary>camelCase, enums as strings: the shape of stored item inputs, content blobs and API bodies.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
