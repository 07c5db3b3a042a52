using System.Globalization;
using System.Text.Json;
using CatalogForge.AiEmulator.Pipeline;
using CatalogForge.AiEmulator.Text;

namespace CatalogForge.AiEmulator.Embeddings;

/// <summary>Reads an embeddings body: input as a string, strings, a token array or token arrays.</summary>
internal static class EmbeddingRequestParser
{
    private const int MaxInputs = 2048;
    private const int MaxDimensions = 8192;

    public static EmbeddingRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("The request body must be a JSON object.");
        }

        if (!body.TryGetProperty("input", out var input))
        {
            throw new BadRequestException("'input' is a required property.", "input");
        }

        var (inputs, textInputs, tokenIds) = ReadInputs(input);
        if (inputs.Count is 0 or > MaxInputs)
        {
            throw new BadRequestException($"'input' must hold between 1 and {MaxInputs} items.", "input");
        }

        var dimensions = FeatureHashingEmbedder.DefaultDimensions;
        if (body.TryGetProperty("dimensions", out var dimensionsElement) && dimensionsElement.ValueKind != JsonValueKind.Null)
        {
            if (!dimensionsElement.TryGetInt32(out dimensions) || dimensions is < 1 or > MaxDimensions)
            {
                throw new BadRequestException($"'dimensions' must be an integer between 1 and {MaxDimensions}.", "dimensions");
            }
        }

        var encoding = body.TryGetProperty("encoding_format", out var encodingElement) && encodingElement.ValueKind == JsonValueKind.String
            ? encodingElement.GetString()
            : "float";
        if (encoding is not ("float" or "base64"))
        {
            throw new BadRequestException($"Invalid value for 'encoding_format': '{encoding}'. Supported values are: 'float' and 'base64'.", "encoding_format");
        }

        var model = body.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.String ? modelElement.GetString() : null;
        return new EmbeddingRequest(inputs, model, encoding == "base64", dimensions, textInputs, tokenIds);
    }

    private static (List<string> Inputs, List<string> TextInputs, int TokenIds) ReadInputs(JsonElement input)
    {
        switch (input.ValueKind)
        {
            case JsonValueKind.String:
                var text = input.GetString()!;
                return ([text], [text], 0);
            case JsonValueKind.Array when input.GetArrayLength() > 0 && input[0].ValueKind == JsonValueKind.Number:
                return ([TokensAsText(input)], [], input.GetArrayLength());
            case JsonValueKind.Array:
                var inputs = new List<string>();
                var texts = new List<string>();
                var tokens = 0;
                foreach (var item in input.EnumerateArray())
                {
                    switch (item.ValueKind)
                    {
                        case JsonValueKind.String:
                            inputs.Add(item.GetString()!);
                            texts.Add(item.GetString()!);
                            break;
                        case JsonValueKind.Array:
                            inputs.Add(TokensAsText(item));
                            tokens += item.GetArrayLength();
                            break;
                        default:
                            throw new BadRequestException("'input' items must be strings or arrays of token ids.", "input");
                    }
                }

                return (inputs, texts, tokens);
            default:
                throw new BadRequestException("'input' must be a string, an array of strings or an array of token ids.", "input");
        }
    }

    private static string TokensAsText(JsonElement tokens) =>
        string.Join(' ', tokens.EnumerateArray().Select(token => token.ValueKind == JsonValueKind.Number
            ? "t" + token.GetRawText()
            : throw new BadRequestException("Token arrays must hold integers.", "input")));
}
