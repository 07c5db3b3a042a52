using CatalogForge.AiEmulator;
using CatalogForge.Benchmarks.Pipeline;
using CatalogForge.Core.Pipeline;

namespace CatalogForge.Benchmarks.Crash;

/// <summary>
/// Maps an emulator request to the (item, step) it served, from the prompt preview the emulator recorded (the first
/// characters of the chat's user message, the embedding input or the image prompt):
/// chat → the brief's <c>bench-item-NNNNNN</c> marker; image → the item whose image prompt
/// (<see cref="ProductPrompts.ImagePrompt"/> of its memoised title and model prompt) starts with the preview;
/// embedding → the item whose embedding text (title, newline, subtitle, …) agrees with the preview.
/// A preview that fits no item or more than one is left unattributed (and counted as such).
/// </summary>
public sealed class RequestAttribution(IReadOnlyDictionary<int, ContentRef> contents)
{
    private readonly (int Item, string ImagePrompt, string EmbeddingPrefix)[] _items =
    [
        .. contents.Select(pair => (pair.Key,
            ProductPrompts.ImagePrompt(pair.Value.Title, pair.Value.ImagePrompt),
            pair.Value.Title + "\n" + pair.Value.Summary + "\n")),
    ];

    public ItemStep? Of(RecordedRequest request) => request.Kind switch
    {
        RequestKind.Chat => BenchBriefs.ItemOf(request.PromptPreview) is { } item ? new ItemStep(item, ItemStep.Generate) : null,
        RequestKind.Images => Single(request.PromptPreview, entry => entry.ImagePrompt, ItemStep.Image),
        RequestKind.Embeddings => Single(request.PromptPreview, entry => entry.EmbeddingPrefix, ItemStep.Embed),
        _ => null,
    };

    /// <summary>The one item whose known text and the preview are prefixes of the same string.</summary>
    private ItemStep? Single(string preview, Func<(int Item, string ImagePrompt, string EmbeddingPrefix), string> text, string step)
    {
        if (preview.Length == 0)
        {
            return null;
        }

        var matches = _items.Where(entry => Agree(text(entry), preview)).Take(2).ToList();
        return matches.Count == 1 ? new ItemStep(matches[0].Item, step) : null;
    }

    private static bool Agree(string known, string preview) =>
        known.Length >= preview.Length
            ? known.StartsWith(preview, StringComparison.Ordinal)
            : preview.StartsWith(known, StringComparison.Ordinal);
}
