using System.Text.Json;
using System.Text.Json.Serialization;

namespace CatalogForge.Core.Orchestration;

/// <summary>
/// The one JSON shape for everything the workflow engine stores or passes between an orchestration and its
/// activities: System.Text.Json web defaults (camelCase, case-insensitive reads) with enums as strings.
/// </summary>
public static class WorkflowJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises with the runtime type, so derived members are kept (as Durable does); <c>null</c> becomes <c>"null"</c>.</summary>
    public static string Serialize(object? value) =>
        value is null ? "null" : JsonSerializer.Serialize(value, value.GetType(), Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
