using System.Globalization;
using CatalogForge.AiEmulator;

namespace CatalogForge.Benchmarks.Pipeline;

/// <summary>
/// When the chat deployment admitted requests, counted per 10 s rate window from the strategy's start, and when it
/// refused them: shows whether a run used every window of the limit and how late it began.
/// </summary>
public static class ChatTimeline
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static string Describe(EmulatorState state, DateTimeOffset start)
    {
        var chat = state.Requests
            .Where(request => request.Kind == RequestKind.Chat)
            .Select(request => (Offset: request.Timestamp - start, request.StatusCode))
            .ToList();
        var admitted = chat.Where(request => request.StatusCode != 429).Select(request => request.Offset).Order().ToList();
        if (admitted.Count == 0)
        {
            return "no chat request admitted";
        }

        var perWindow = admitted.GroupBy(offset => (int)(offset / Window)).OrderBy(group => group.Key)
            .Select(group => $"{group.Key * 10}s:{group.Count()}");
        var refused = chat.Where(request => request.StatusCode == 429).Select(request => request.Offset.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        return $"chat admitted from +{admitted[0].TotalSeconds:F1} s to +{admitted[^1].TotalSeconds:F1} s, per window [{string.Join(' ', perWindow)}]; " +
               $"429 at +[{string.Join(' ', refused)}] s";
    }
}
