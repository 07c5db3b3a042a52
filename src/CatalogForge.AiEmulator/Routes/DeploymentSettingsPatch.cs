using System.Text.Json;
using System.Text.Json.Nodes;

namespace CatalogForge.AiEmulator.Routes;

/// <summary>
/// Turns the body of PUT /admin/deployments/{name} into settings: the fields given replace those of the
/// emulator's defaults, exactly as a Deployments:NAME configuration section does.
/// </summary>
internal static class DeploymentSettingsPatch
{
    /// <exception cref="JsonException">When the body is not an object, names an unknown setting or has a value of the wrong type.</exception>
    public static DeploymentSettings Apply(DeploymentSettings defaults, JsonNode? body)
    {
        if (body is not JsonObject fields)
        {
            throw new JsonException("The body must be a JSON object of deployment settings.");
        }

        var merged = JsonSerializer.SerializeToNode(defaults, AdminJson.Options)!.AsObject();
        var known = merged.Select(pair => pair.Key).ToList();
        foreach (var (name, value) in fields)
        {
            var target = known.FirstOrDefault(key => key.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new JsonException($"Unknown deployment setting '{name}'. Known settings: {string.Join(", ", known)}.");
            merged[target] = value?.DeepClone();
        }

        return merged.Deserialize<DeploymentSettings>(AdminJson.Options)
            ?? throw new JsonException("The body must be a JSON object of deployment settings.");
    }
}
