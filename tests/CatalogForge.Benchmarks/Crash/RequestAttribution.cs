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
/// Emulated titles are made of the brief's words, so two items can share a title: a preview may then fit several
/// items, and <see cref="Candidates"/> returns them all.
/// </summary>
public sealed class RequestAttribution(IReadOnlyDictionary<int, ContentRef> contents)
{
    private readonly (int Item, string ImagePrompt, string EmbeddingPrefix)[] _items =
    [
        .. contents.Select(pair => (pair.Key,
            ProductPrompts.ImagePrompt(pair.Value.Title, pair.Value.ImagePrompt),
            pair.Value.Title + "\n" + pair.Value.Summary + "\n")),
    ];

    /// <summary>The (item, step) the request served, or null when it fits no item or several.</summary>
    public ItemStep? Of(RecordedRequest request) => Candidates(request) is [var single] ? single : null;

    /// <summary>Every (item, step) the request's preview fits.</summary>
    public IReadOnlyList<ItemStep> Candidates(RecordedRequest request) => request.Kind switch
    {
        RequestKind.Chat => BenchBriefs.ItemOf(request.PromptPreview) is { } item ? [new ItemStep(item, ItemStep.Generate)] : [],
        RequestKind.Images => Matching(request.PromptPreview, entry => entry.ImagePrompt, ItemStep.Image),
        RequestKind.Embeddings => Matching(request.PromptPreview, entry => entry.EmbeddingPrefix, ItemStep.Embed),
        _ => [],
    };

    /// <summary>The items whose known text and the preview are prefixes of the same string.</summary>
    private List<ItemStep> Matching(string preview, Func<(int Item, string ImagePrompt, string EmbeddingPrefix), string> text, string step) =>
        preview.Length == 0 ? [] : [.. _items.Where(entry => Agree(text(entry), preview)).Select(entry => new ItemStep(entry.Item, step))];

    private static bool Agree(string known, string preview) =>
        known.Length >= preview.Length
            ? known.StartsWith(preview, StringComparison.Ordinal)
            : preview.StartsWith(known, StringComparison.Ordinal);
}
