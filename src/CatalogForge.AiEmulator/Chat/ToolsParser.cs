using System.Text.Json;
using CatalogForge.AiEmulator.Pipeline;

namespace CatalogForge.AiEmulator.Chat;

/// <summary>Reads <c>tools</c> and <c>tool_choice</c> the way the service validates them.</summary>
internal static class ToolsParser
{
    public static IReadOnlyList<ChatTool> ParseTools(JsonElement body)
    {
        if (!body.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw new BadRequestException("'tools' must be an array of function tools.", "tools");
        }

        return tools.EnumerateArray().Select(ParseTool).ToList();
    }

    public static ToolChoice ParseChoice(JsonElement body, IReadOnlyList<ChatTool> tools)
    {
        if (!body.TryGetProperty("tool_choice", out var choice) || choice.ValueKind == JsonValueKind.Null)
        {
            return tools.Count > 0 ? ToolChoice.Auto : new ToolChoice(ToolChoiceMode.None);
        }

        if (tools.Count == 0)
        {
            throw new BadRequestException("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice");
        }

        if (choice.ValueKind == JsonValueKind.String)
        {
            return choice.GetString() switch
            {
                "auto" => ToolChoice.Auto,
                "none" => new ToolChoice(ToolChoiceMode.None),
                "required" => new ToolChoice(ToolChoiceMode.Required),
                var other => throw new BadRequestException(
                    $"Invalid value for 'tool_choice': '{other}'. Supported values are: 'none', 'auto' and 'required'.", "tool_choice"),
            };
        }

        var name = choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("function", out var function)
            && function.ValueKind == JsonValueKind.Object && function.TryGetProperty("name", out var nameElement)
            && nameElement.ValueKind == JsonValueKind.String
            ? nameElement.GetString()
            : null;
        if (name is null)
        {
            throw new BadRequestException("'tool_choice' must be 'none', 'auto', 'required' or {\"type\":\"function\",\"function\":{\"name\":...}}.", "tool_choice");
        }

        if (tools.All(tool => tool.Name != name))
        {
            throw new BadRequestException($"Invalid value for 'tool_choice': no function named '{name}' was specified in the 'tools' parameter.", "tool_choice");
        }

        return new ToolChoice(ToolChoiceMode.Function, name);
    }

    private static ChatTool ParseTool(JsonElement tool, int index)
    {
        if (tool.ValueKind != JsonValueKind.Object
            || !tool.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object
            || !function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(name.GetString()))
        {
            throw new BadRequestException($"tools[{index}] must be {{\"type\":\"function\",\"function\":{{\"name\":...}}}}.", $"tools[{index}].function.name");
        }

        JsonElement? parameters = function.TryGetProperty("parameters", out var schema) && schema.ValueKind == JsonValueKind.Object
            ? schema.Clone()
            : null;
        return new ChatTool(name.GetString()!, parameters);
    }
}
