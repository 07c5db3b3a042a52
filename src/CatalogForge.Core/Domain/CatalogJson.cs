using System.Text.Json;
using System.Text.Json.Serialization;

namespace CatalogForge.Core.Domain;

public static class CatalogJson
{
    /// <summary>camelCase, enums as strings: the shape of stored item inputs, content blobs and API bodies.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
