using System.Text.Json;

namespace CatalogForge.AiEmulator.Routes;

/// <summary>JSON of the admin API: camelCase, case-insensitive on input, unknown settings rejected.</summary>
internal static class AdminJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };
}
