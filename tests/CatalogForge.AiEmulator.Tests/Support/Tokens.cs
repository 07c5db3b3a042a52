using Microsoft.ML.Tokenizers;

namespace CatalogForge.AiEmulator.Tests.Support;

/// <summary>The o200k_base tokenizer (deployments with no known model family name use it), as an independent oracle.</summary>
internal static class Tokens
{
    private static readonly Tokenizer O200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    public static int Count(string text) => O200k.CountTokens(text);

    /// <summary>A chat prompt as the service bills it: 4 tokens of framing per message and 3 priming the reply.</summary>
    public static int Chat(params string[] messages) => 3 + messages.Sum(message => 4 + Count(message));
}
