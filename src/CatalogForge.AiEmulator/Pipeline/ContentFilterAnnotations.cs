using System.Text.Json.Nodes;

namespace CatalogForge.AiEmulator.Pipeline;

/// <summary>
/// Azure OpenAI's content-filter annotations as a default filter configuration sends them: severities for the four
/// harm categories, detection results for the prompt-shield (prompts) and protected-material (completions) models.
/// </summary>
internal static class ContentFilterAnnotations
{
    /// <summary><c>prompt_filter_results</c> of a prompt that passed: one entry for the prompt.</summary>
    public static JsonArray PassedPrompt() =>
    [
        new JsonObject
        {
            ["prompt_index"] = 0,
            ["content_filter_results"] = Categories(violence: Severity(filtered: false, "safe"), ("jailbreak", Detection())),
        },
    ];

    /// <summary>A choice's <c>content_filter_results</c> when its output passed.</summary>
    public static JsonObject PassedChoice() => Categories(
        violence: Severity(filtered: false, "safe"),
        ("protected_material_code", Detection()),
        ("protected_material_text", Detection()));

    /// <summary>The <c>content_filter_result</c> of a prompt refused for violence.</summary>
    public static JsonObject RefusedPrompt() => Categories(violence: Severity(filtered: true, "medium"), ("jailbreak", Detection()));

    private static JsonObject Categories(JsonObject violence, params (string Name, JsonObject Result)[] detections)
    {
        var results = new JsonObject
        {
            ["hate"] = Severity(filtered: false, "safe"),
        };
        foreach (var (name, result) in detections) // every detection model's name sorts between hate and self_harm, as the service orders them
        {
            results[name] = result;
        }

        results["self_harm"] = Severity(filtered: false, "safe");
        results["sexual"] = Severity(filtered: false, "safe");
        results["violence"] = violence;
        return results;
    }

    private static JsonObject Severity(bool filtered, string severity) => new()
    {
        ["filtered"] = filtered,
        ["severity"] = severity,
    };

    private static JsonObject Detection() => new()
    {
        ["filtered"] = false,
        ["detected"] = false,
    };
}
