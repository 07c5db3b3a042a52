using System.Text;
using System.Text.Json;
using CatalogForge.AiEmulator.Pipeline;

namespace CatalogForge.AiEmulator.Chat;

/// <summary>Reads a chat/completions body the way the service validates it.</summary>
internal static class ChatRequestParser
{
    private const int MaxChoices = 10;

    public static ChatRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("The request body must be a JSON object.");
        }

        if (!body.TryGetProperty("messages", out var messagesElement) || messagesElement.ValueKind != JsonValueKind.Array || messagesElement.GetArrayLength() == 0)
        {
            throw new BadRequestException("'messages' is a required property and must be a non-empty array.", "messages");
        }

        var messages = messagesElement.EnumerateArray().Select(ParseMessage).ToList();
        var (format, schema) = ParseResponseFormat(body);
        var choices = ReadInt(body, "n") ?? 1;
        if (choices is < 1 or > MaxChoices)
        {
            throw new BadRequestException($"'n' must be between 1 and {MaxChoices}.", "n");
        }

        var maxTokens = ReadInt(body, "max_completion_tokens") ?? ReadInt(body, "max_tokens");
        if (maxTokens is < 1)
        {
            throw new BadRequestException("max_tokens must be at least 1.", "max_tokens");
        }

        var stream = body.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind == JsonValueKind.True;
        var includeUsage = false;
        if (body.TryGetProperty("stream_options", out var streamOptions) && streamOptions.ValueKind != JsonValueKind.Null)
        {
            if (!stream)
            {
                throw new BadRequestException("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
            }

            includeUsage = streamOptions.ValueKind == JsonValueKind.Object
                && streamOptions.TryGetProperty("include_usage", out var usage) && usage.ValueKind == JsonValueKind.True;
        }

        var tools = ToolsParser.ParseTools(body);
        return new ChatRequest(
            messages,
            ReadString(body, "model"),
            maxTokens,
            format,
            schema,
            choices,
            stream,
            includeUsage,
            tools,
            ToolsParser.ParseChoice(body, tools));
    }

    private static ChatMessage ParseMessage(JsonElement message, int index)
    {
        if (message.ValueKind != JsonValueKind.Object || ReadString(message, "role") is not { } role)
        {
            throw new BadRequestException($"messages[{index}] must be an object with a 'role'.", $"messages.[{index}].role");
        }

        if (!message.TryGetProperty("content", out var content))
        {
            return new ChatMessage(role, string.Empty);
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => new ChatMessage(role, content.GetString()!),
            JsonValueKind.Array => new ChatMessage(role, JoinTextParts(content)),
            JsonValueKind.Null => new ChatMessage(role, string.Empty),
            _ => throw new BadRequestException($"messages[{index}].content must be a string or an array of parts.", $"messages.[{index}].content"),
        };
    }

    /// <summary>Text parts only; images and audio parts carry no words to reuse.</summary>
    private static string JoinTextParts(JsonElement parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && ReadString(part, "type") == "text" && ReadString(part, "text") is { } partText)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(partText);
            }
        }

        return text.ToString();
    }

    private static (ChatReplyFormat Format, JsonElement? Schema) ParseResponseFormat(JsonElement body)
    {
        if (!body.TryGetProperty("response_format", out var responseFormat) || responseFormat.ValueKind == JsonValueKind.Null)
        {
            return (ChatReplyFormat.Text, null);
        }

        var type = responseFormat.ValueKind == JsonValueKind.Object ? ReadString(responseFormat, "type") : null;
        switch (type)
        {
            case "text":
                return (ChatReplyFormat.Text, null);
            case "json_object":
                return (ChatReplyFormat.JsonObject, null);
            case "json_schema":
                if (responseFormat.TryGetProperty("json_schema", out var jsonSchema)
                    && jsonSchema.ValueKind == JsonValueKind.Object
                    && jsonSchema.TryGetProperty("schema", out var schema)
                    && schema.ValueKind is JsonValueKind.Object or JsonValueKind.True)
                {
                    return (ChatReplyFormat.JsonSchema, schema.Clone());
                }

                if (responseFormat.TryGetProperty("json_schema", out var named) && named.ValueKind == JsonValueKind.Object)
                {
                    return (ChatReplyFormat.JsonObject, null);
                }

                throw new BadRequestException("response_format.json_schema is required when type is 'json_schema'.", "response_format");
            default:
                throw new BadRequestException(
                    $"Invalid value for response_format.type: '{type}'. Supported values are: 'text', 'json_object' and 'json_schema'.",
                    "response_format");
        }
    }

    private static string? ReadString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? ReadInt(JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw new BadRequestException($"'{property}' must be an integer.", property);
        }

        return number;
    }
}
