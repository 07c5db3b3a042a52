using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace CatalogForge.AiEmulator.Text;

/// <summary>
/// Counts tokens with the real tokenizer of a model family (o200k_base for the GPT-4o, GPT-4.1, GPT-5 and o-series
/// families, cl100k_base for GPT-4, GPT-3.5 and the embedding models), for usage, the TPM limiter and token limits.
/// One tokenizer per encoding is built once and shared; tokenizers are thread-safe.
/// </summary>
internal sealed class TokenCounter
{
    private const int TokensPerMessage = 4; // <|start|>role\n … <|end|> around each message's content
    private const int ReplyPriming = 3; // <|start|>assistant<|message|> that every reply starts from

    private static readonly string[] Cl100kPrefixes = ["gpt-4-", "gpt-4", "gpt-35", "gpt-3.5", "text-embedding"];
    private static readonly string[] O200kPrefixes = ["gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt"];
    private static readonly ConcurrentDictionary<string, TokenCounter> ByEncoding = new(StringComparer.Ordinal);

    private readonly Tokenizer _tokenizer;

    private TokenCounter(string encoding)
    {
        Encoding = encoding;
        _tokenizer = TiktokenTokenizer.CreateForEncoding(encoding);
    }

    /// <summary>o200k_base or cl100k_base.</summary>
    public string Encoding { get; }

    /// <summary>The counter of the family <paramref name="model"/> (a model or deployment name) belongs to; o200k_base when unknown.</summary>
    public static TokenCounter For(string? model) => ByEncoding.GetOrAdd(EncodingOf(model), encoding => new TokenCounter(encoding));

    public static string EncodingOf(string? model)
    {
        var name = model?.Trim().ToLowerInvariant() ?? string.Empty;
        if (O200kPrefixes.Any(name.StartsWith))
        {
            return "o200k_base";
        }

        return Cl100kPrefixes.Any(name.StartsWith) ? "cl100k_base" : "o200k_base";
    }

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text);

    /// <summary>Prompt tokens of a chat request: each message's content plus its framing, plus the reply's priming.</summary>
    public int CountChat(IEnumerable<string> messageTexts) =>
        ReplyPriming + messageTexts.Sum(text => TokensPerMessage + Count(text));

    /// <summary>The longest start of <paramref name="text"/> that fits in <paramref name="maxTokens"/> tokens.</summary>
    public string Truncate(string text, int maxTokens)
    {
        var index = _tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out _);
        return text[..index];
    }

    /// <summary>The text cut into consecutive pieces of one token each, as a stream sends them.</summary>
    public IReadOnlyList<string> Split(string text)
    {
        var pieces = new List<string>();
        var start = 0;
        foreach (var token in _tokenizer.EncodeToTokens(text, out _))
        {
            var end = token.Offset.End.GetOffset(text.Length);
            if (end > start)
            {
                pieces.Add(text[start..end]);
                start = end;
            }
        }

        if (start < text.Length)
        {
            pieces.Add(text[start..]);
        }

        return pieces;
    }
}
