using System.Text.Json;
using System.Text.Json.Nodes;
using CatalogForge.AiEmulator.Pipeline;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Chat;

/// <summary>Writes the assistant's content for a request: schema-valid JSON, a JSON object, or prose.</summary>
internal static class ChatReplyComposer
{
    public static string Compose(ChatRequest request, ulong seed)
    {
        var prose = new ProseWriter(PromptVocabulary.FromText(request.TopicText), new DeterministicRandom(seed));
        return request.Format switch
        {
            ChatReplyFormat.JsonSchema => SchemaReply(request.Schema!.Value, prose),
            ChatReplyFormat.JsonObject => JsonObjectReply(prose),
            _ => prose.Sentences(3, 4),
        };
    }

    /// <summary>Arguments for a call of <paramref name="tool"/>: valid against its parameters schema ({} without one).</summary>
    public static string ToolArguments(ChatRequest request, ChatTool tool, ulong seed)
    {
        var prose = new ProseWriter(PromptVocabulary.FromText(request.TopicText), new DeterministicRandom(seed));
        return tool.Parameters is { } parameters ? SchemaReply(parameters, prose) : "{}";
    }

    /// <summary>Makes a valid JSON reply unparseable the way a cut-off model output is: mid-object.</summary>
    public static string BreakJson(string json)
    {
        var cut = json[..Math.Max(1, json.Length / 2)];

        // Half of an object or array always misses its closing bracket; a scalar needs an opening one.
        return cut[0] is '{' or '[' ? cut : "{" + cut;
    }

    private static string SchemaReply(JsonElement schema, ProseWriter prose)
    {
        var value = new SchemaValueGenerator(schema, prose).Generate();
        return value?.ToJsonString(WireJson.ContentOptions) ?? "null";
    }

    private static string JsonObjectReply(ProseWriter prose)
    {
        var reply = new JsonObject
        {
            ["title"] = prose.TitlePhrase(),
            ["summary"] = prose.Sentences(2, 3),
            ["keywords"] = new JsonArray(prose.DistinctWords(5).Select(word => (JsonNode?)JsonValue.Create(word)).ToArray()),
        };
        return reply.ToJsonString(WireJson.ContentOptions);
    }
}
