using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace CatalogForge.Core.Ai.Ledger;

/// <summary>
/// Token counts with the real tokenizer of a deployment's model family, the same the AI emulator and the service use:
/// o200k_base for GPT-4o, GPT-4.1, GPT-5 and the o-series, cl100k_base for GPT-4, GPT-3.5 and the embedding models
/// (o200k_base for names it does not know). Tokenizers are thread-safe and built once per encoding.
/// </summary>
public static class ModelTokens
{
    /// <summary>The framing around each chat message (start, role, end) and the priming of the reply, as the service bills them.</summary>
    public const int PerMessage = 4;

    public const int ReplyPriming = 3;

    private static readonly string[] O200kFamilies = ["gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt"];
    private static readonly string[] Cl100kFamilies = ["gpt-4", "gpt-35", "gpt-3.5", "text-embedding"];
    private static readonly ConcurrentDictionary<string, Tokenizer> Tokenizers = new(StringComparer.Ordinal);

    public static string EncodingFor(string? model)
    {
        var name = (model ?? "").Trim().ToLowerInvariant();
        return !O200kFamilies.Any(name.StartsWith) && Cl100kFamilies.Any(name.StartsWith) ? "cl100k_base" : "o200k_base";
    }

    public static int Count(string? model, string? text) =>
        string.IsNullOrEmpty(text) ? 0 : Tokenizers.GetOrAdd(EncodingFor(model), encoding => TiktokenTokenizer.CreateForEncoding(encoding)).CountTokens(text);

    /// <summary>Prompt tokens of a chat call: every message's content and framing plus the reply's priming.</summary>
    public static long CountChat(string? model, IEnumerable<string?> messages) =>
        ReplyPriming + messages.Sum(message => (long)PerMessage + Count(model, message));
}
