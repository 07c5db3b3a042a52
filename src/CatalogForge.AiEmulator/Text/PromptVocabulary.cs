using System.Text.RegularExpressions;

namespace CatalogForge.AiEmulator.Text;

/// <summary>The content words of a prompt, in order of first appearance, lower-cased and without stop words.</summary>
internal sealed partial class PromptVocabulary
{
    /// <summary>Used when a prompt has no content words at all, so generated text is never empty.</summary>
    private static readonly string[] FallbackWords =
    [
        "catalog", "product", "quality", "design", "everyday", "comfort", "durable", "classic", "modern", "essential",
    ];

    private PromptVocabulary(IReadOnlyList<string> words) => Words = words;

    public IReadOnlyList<string> Words { get; }

    public static PromptVocabulary FromText(string text)
    {
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in WordPattern().Matches(text))
        {
            var word = match.Value.Trim('-', '\'').ToLowerInvariant();
            if (word.Length >= 3 && word.Any(char.IsLetter) && !StopWords.Contains(word) && seen.Add(word))
            {
                words.Add(word);
            }
        }

        return new PromptVocabulary(words.Count > 0 ? words : FallbackWords);
    }

    /// <summary>Splits any text into lower-case words, keeping stop words (for embeddings).</summary>
    public static IEnumerable<string> Tokenize(string text)
    {
        foreach (Match match in WordPattern().Matches(text))
        {
            yield return match.Value.Trim('-', '\'').ToLowerInvariant();
        }
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
