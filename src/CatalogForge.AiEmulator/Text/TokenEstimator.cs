namespace CatalogForge.AiEmulator.Text;

/// <summary>The usual "about four characters per token" estimate used for usage and rate-limit charges.</summary>
internal static class TokenEstimator
{
    private const int CharsPerToken = 4;

    public static int FromCharacters(long characters) => characters <= 0 ? 0 : (int)Math.Min(int.MaxValue, (characters + CharsPerToken - 1) / CharsPerToken);

    public static int Estimate(string? text) => FromCharacters(text?.Length ?? 0);

    /// <summary>The text cut into consecutive pieces of one token each, as a stream sends them.</summary>
    public static IReadOnlyList<string> Split(string text) =>
        text.Chunk(CharsPerToken).Select(piece => new string(piece)).ToList();

    /// <summary>The longest start of <paramref name="text"/> that fits in <paramref name="maxTokens"/> tokens.</summary>
    public static string Truncate(string text, int maxTokens)
    {
        var maxChars = (long)maxTokens * CharsPerToken;
        return text.Length <= maxChars ? text : text[..(int)maxChars];
    }
}
