using System.Globalization;
using System.Text;

namespace CatalogForge.AiEmulator.Text;

/// <summary>Builds titles, phrases and sentences out of a prompt's own words, so replies read about the brief.</summary>
internal sealed class ProseWriter(PromptVocabulary vocabulary, DeterministicRandom random)
{
    private static readonly string[] SentenceTemplates =
    [
        "{0} {1} crafted for {2} and {3}.",
        "Designed around {0} {1}, it brings {2} {3} to every {4}.",
        "Expect {0} {1} with {2} {3} in each {4}.",
        "Its {0} {1} pairs {2} with {3} {4}.",
        "Ideal for {0} {1}, featuring {2} {3} and {4}.",
        "Made with {0} {1} to deliver {2} {3}.",
    ];

    public DeterministicRandom Random => random;

    public string Word() => random.Pick(vocabulary.Words);

    /// <summary>Up to <paramref name="count"/> different words (fewer when the prompt has fewer).</summary>
    public IReadOnlyList<string> DistinctWords(int count)
    {
        var words = vocabulary.Words;
        var start = random.Next(0, words.Count - 1);
        return Enumerable.Range(0, Math.Min(count, words.Count)).Select(i => words[(start + i) % words.Count]).ToList();
    }

    /// <summary>A run of consecutive prompt words, which reads more naturally than a random pick.</summary>
    public string Phrase(int minWords, int maxWords)
    {
        var count = random.Next(minWords, maxWords);
        var words = vocabulary.Words;
        var start = random.Next(0, words.Count - 1);
        return string.Join(' ', Enumerable.Range(0, count).Select(i => words[(start + i) % words.Count]));
    }

    public string TitlePhrase(int minWords = 3, int maxWords = 6) => TitleCase(Phrase(minWords, maxWords));

    public string Sentence()
    {
        var template = random.Pick(SentenceTemplates);
        var words = SampleWords(5);
        var sentence = string.Format(CultureInfo.InvariantCulture, template, words[0], words[1], words[2], words[3], words[4]);
        return char.ToUpperInvariant(sentence[0]) + sentence[1..];
    }

    public string Sentences(int minCount, int maxCount)
    {
        var builder = new StringBuilder();
        var count = random.Next(minCount, maxCount);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Sentence());
        }

        return builder.ToString();
    }

    /// <summary>Random words without repeats while the prompt has enough of them.</summary>
    private string[] SampleWords(int count)
    {
        var words = vocabulary.Words;
        if (words.Count < count)
        {
            return Enumerable.Range(0, count).Select(_ => Word()).ToArray();
        }

        // A partial Fisher-Yates shuffle over indices: only the first `count` positions are drawn.
        var indices = Enumerable.Range(0, words.Count).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, indices.Length - 1);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        return indices.Take(count).Select(index => words[index]).ToArray();
    }

    public static string TitleCase(string phrase) =>
        string.Join(' ', phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
}
