namespace CatalogForge.AiEmulator.Text;

/// <summary>Words too common (or too instruction-like) to say anything about a product.</summary>
internal static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "either", "else", "etc", "ever", "every", "few", "for", "from",
        "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
        "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "like", "make", "many", "may",
        "me", "might", "more", "most", "much", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on",
        "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "per", "same", "shall",
        "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
        "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "upon", "us", "very",
        "via", "was", "we", "were", "what", "when", "where", "whether", "which", "while", "who", "whom", "why", "will",
        "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
        // Instruction words that show up in prompts but not in products.
        "assistant", "answer", "based", "brief", "copywriter", "create", "describe", "following", "generate", "given", "json",
        "listing", "output", "please", "reply", "respond", "response", "return", "schema", "tell", "using", "write",
    };

    public static bool Contains(string lowerCaseWord) => Words.Contains(lowerCaseWord);
}
