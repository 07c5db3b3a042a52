using System.Text.Json;

namespace CatalogForge.AiEmulator.Chat;

/// <summary>A function the caller offers in <c>tools</c>; <see cref="Parameters"/> is its JSON schema, if any.</summary>
internal sealed record ChatTool(string Name, JsonElement? Parameters);

internal enum ToolChoiceMode
{
    /// <summary>The model decides: the emulator calls a tool for some requests and answers in prose for others.</summary>
    Auto,

    /// <summary>Never call a tool.</summary>
    None,

    /// <summary>Call one of the tools.</summary>
    Required,

    /// <summary>Call the function named in <see cref="ToolChoice.FunctionName"/>.</summary>
    Function,
}

internal sealed record ToolChoice(ToolChoiceMode Mode, string? FunctionName = null)
{
    public static readonly ToolChoice Auto = new(ToolChoiceMode.Auto);

    /// <summary>The tool this request calls, or null for a message; the same request always chooses the same.</summary>
    public ChatTool? Choose(IReadOnlyList<ChatTool> tools, ulong seed)
    {
        if (tools.Count == 0)
        {
            return null;
        }

        var picked = tools[(int)(seed % (ulong)tools.Count)];
        return Mode switch
        {
            ToolChoiceMode.Function => tools.First(tool => tool.Name == FunctionName),
            ToolChoiceMode.Required => picked,
            ToolChoiceMode.Auto => (seed >> 32) % 2 == 0 ? picked : null,
            _ => null,
        };
    }
}
