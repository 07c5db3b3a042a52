using System.Globalization;
using System.Text.Json;
using CatalogForge.AiEmulator.Pipeline;

namespace CatalogForge.AiEmulator.Images;

/// <summary>Reads an images/generations body.</summary>
internal static class ImageRequestParser
{
    private const int MaxImages = 10;
    private const int MinSide = 16;
    private const int MaxSide = 2048;
    private const int DefaultSide = 1024;

    public static ImageRequest Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("The request body must be a JSON object.");
        }

        var prompt = ReadString(body, "prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new BadRequestException("'prompt' is a required property.", "prompt");
        }

        var count = 1;
        if (body.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null && (!n.TryGetInt32(out count) || count is < 1 or > MaxImages))
        {
            throw new BadRequestException($"'n' must be an integer between 1 and {MaxImages}.", "n");
        }

        var (width, height) = ParseSize(ReadString(body, "size"));
        var format = ReadString(body, "response_format") ?? "b64_json";
        if (format is not ("b64_json" or "url"))
        {
            throw new BadRequestException($"Invalid value for 'response_format': '{format}'. Supported values are: 'url' and 'b64_json'.", "response_format");
        }

        var quality = ReadString(body, "quality");
        if (quality is not (null or "standard" or "hd" or "low" or "medium" or "high" or "auto"))
        {
            throw new BadRequestException(
                $"Invalid value for 'quality': '{quality}'. Supported values are: 'standard', 'hd', 'low', 'medium', 'high' and 'auto'.", "quality");
        }

        return new ImageRequest(prompt, ReadString(body, "model"), count, width, height, AsUrl: format == "url");
    }

    /// <summary>"WxH" (the DALL·E and gpt-image sizes, or any other within 16..2048), "auto" or nothing for 1024x1024.</summary>
    public static (int Width, int Height) ParseSize(string? size)
    {
        if (size is null or "auto")
        {
            return (DefaultSide, DefaultSide);
        }

        var parts = size.Split('x', 'X');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width is >= MinSide and <= MaxSide
            && height is >= MinSide and <= MaxSide)
        {
            return (width, height);
        }

        throw new BadRequestException(
            $"Invalid value for 'size': '{size}'. Use WIDTHxHEIGHT, e.g. 256x256, 512x512, 1024x1024, 1792x1024 or 1024x1792.",
            "size");
    }

    private static string? ReadString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
