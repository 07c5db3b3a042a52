using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CatalogForge.Core.Ai.Ledger;

/// <summary>
/// The cache key of a model request: lower-case hex SHA-256 over a canonical JSON of task, tier/deployment, model,
/// the normalised prompt parts (in order) and the parameters (sorted by name). Prompt normalisation: CRLF/CR → LF,
/// trailing whitespace per line removed, leading/trailing blank space trimmed.
/// </summary>
public static class AiCacheKey
{
    private const int Version = 1;

    public static string Compute(
        AiTask task,
        string deployment,
        string model,
        IEnumerable<string?> promptParts,
        IEnumerable<KeyValuePair<string, string?>>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(promptParts);

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteString("task", task.ToString());
            json.WriteString("deployment", deployment.Trim());
            json.WriteString("model", model.Trim());
            json.WriteStartArray("prompt");
            foreach (var part in promptParts)
            {
                json.WriteStringValue(Normalise(part));
            }

            json.WriteEndArray();
            json.WriteStartObject("parameters");
            foreach (var (name, value) in (parameters ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Key for a chat/JSON call: system + user prompt, the target schema type and the output budget.</summary>
    public static string ForChat(RoutedDeployment deployment, string systemPrompt, string userPrompt, string outputType) =>
        Compute(AiTask.Chat, deployment.Name, deployment.Options.Model, [systemPrompt, userPrompt],
        [
            new("maxOutputTokens", deployment.Options.MaxOutputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("outputType", outputType),
        ]);

    public static string ForEmbedding(RoutedDeployment deployment, string text) =>
        Compute(AiTask.Embedding, deployment.Name, deployment.Options.Model, [text],
            [new("dimensions", deployment.Options.Dimensions.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public static string ForImage(RoutedDeployment deployment, string prompt) =>
        Compute(AiTask.Image, deployment.Name, deployment.Options.Model, [prompt],
            deployment.Options.ImageQuality.Length == 0
                ? [new("size", deployment.Options.ImageSize)]
                : [new("size", deployment.Options.ImageSize), new("quality", deployment.Options.ImageQuality)]);

    internal static string Normalise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }

            builder.Append(lines[i].TrimEnd());
        }

        return builder.ToString().Trim();
    }
}
