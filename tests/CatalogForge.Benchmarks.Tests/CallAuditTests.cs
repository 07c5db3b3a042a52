using CatalogForge.AiEmulator;
using CatalogForge.Benchmarks.Crash;
using CatalogForge.Benchmarks.Pipeline;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline;

namespace CatalogForge.Benchmarks.Tests;

/// <summary>How the crash benchmark attributes emulator requests to (item, step) and tells duplicates from repeats of in-flight work.</summary>
public sealed class CallAuditTests
{
    private static readonly JobRef Job = new("tenant", "job");

    private static readonly Dictionary<int, ContentRef> Contents = new()
    {
        [0] = Content(0, "Sourdough Starter Basics", "Crisp loaves on a wooden board", "A friendly first guide"),
        [1] = Content(1, "Watercolour Skies", "A sunset over hills in soft washes", "Paint light and air"),
    };

    [Fact]
    public void Requests_are_attributed_by_marker_image_prompt_and_embedding_text()
    {
        var attribution = new RequestAttribution(Contents);

        Assert.Equal(new ItemStep(1, ItemStep.Generate),
            attribution.Of(Request(1, RequestKind.Chat, Preview("Product type: course\nBrief: " + BenchBriefs.Marker(1) + " run x: a practical"))));
        Assert.Equal(new ItemStep(0, ItemStep.Image),
            attribution.Of(Request(2, RequestKind.Images, Preview(ProductPrompts.ImagePrompt("Sourdough Starter Basics", "Crisp loaves on a wooden board")))));
        Assert.Equal(new ItemStep(1, ItemStep.Embed),
            attribution.Of(Request(3, RequestKind.Embeddings, Preview("Watercolour Skies\nPaint light and air\nA long description follows here and more"))));
        Assert.Null(attribution.Of(Request(4, RequestKind.Embeddings, "Something else entirely")));
    }

    [Fact]
    public void Only_requests_for_steps_memoised_before_the_kill_are_duplicates()
    {
        var attribution = new RequestAttribution(Contents);
        var chat0 = Preview("Product type: ebook\nBrief: " + BenchBriefs.Marker(0) + " run x");
        var chat1 = Preview("Product type: course\nBrief: " + BenchBriefs.Marker(1) + " run x");
        var image1 = Preview(ProductPrompts.ImagePrompt("Watercolour Skies", "A sunset over hills in soft washes"));
        var beforeKill = new[] { Request(1, RequestKind.Chat, chat0), Request(2, RequestKind.Chat, chat1), Request(3, RequestKind.Images, image1) };
        var afterRestart = new[]
        {
            Request(4, RequestKind.Chat, chat0),         // gen/0 was memoised: a duplicate
            Request(5, RequestKind.Images, image1),      // image/1 was sent but not memoised: repeated in flight
            Request(6, RequestKind.Embeddings, "??"),    // cannot be attributed
            Request(7, RequestKind.Embeddings, Preview("Watercolour Skies\nPaint light and air\nmore")), // first embed/1: neither
        };
        var memoised = new HashSet<ItemStep> { new(0, ItemStep.Generate), new(1, ItemStep.Generate) };

        var audit = CallAudit.Of(beforeKill, afterRestart, memoised, attribution);

        Assert.Equal(4, audit.AfterRestartRequests);
        Assert.Equal(1, audit.DuplicateCalls);
        Assert.Equal(1, audit.RepeatedInFlight);
        Assert.Equal(1, audit.Unattributed);
    }

    [Fact]
    public void A_request_that_fits_several_items_is_judged_on_all_of_them()
    {
        var contents = new Dictionary<int, ContentRef>(Contents)
        {
            [2] = Content(2, "Watercolour Skies", "A sunset over hills in soft washes", "Paint light and air"),
            [3] = Content(3, "Watercolour Skies", "A sunset over hills in soft washes", "Paint light and air"),
        };
        var attribution = new RequestAttribution(contents);
        var sharedImage = Preview(ProductPrompts.ImagePrompt("Watercolour Skies", "A sunset over hills in soft washes"));
        Assert.Equal(3, attribution.Candidates(Request(1, RequestKind.Images, sharedImage)).Count);
        Assert.Null(attribution.Of(Request(1, RequestKind.Images, sharedImage)));

        var afterRestart = new[] { Request(2, RequestKind.Images, sharedImage) };
        var none = CallAudit.Of([], afterRestart, new HashSet<ItemStep>(), attribution);
        var all = CallAudit.Of([], afterRestart, new HashSet<ItemStep> { new(1, ItemStep.Image), new(2, ItemStep.Image), new(3, ItemStep.Image) }, attribution);
        var some = CallAudit.Of([], afterRestart, new HashSet<ItemStep> { new(2, ItemStep.Image) }, attribution);

        Assert.Equal((0, 0), (none.DuplicateCalls, none.Unattributed));
        Assert.Equal((1, 0), (all.DuplicateCalls, all.Unattributed));
        Assert.Equal((0, 1), (some.DuplicateCalls, some.Unattributed));
    }

    [Fact]
    public void Lower_bound_is_the_larger_of_the_critical_path_and_calls_over_rate()
    {
        Assert.Equal(5.0, LatencyProfile.Realistic.CriticalPathSeconds, 6);
        Assert.Equal(200 / 6.0, LatencyProfile.Realistic.LowerBoundSeconds(200), 6);
        Assert.Equal(5.0, LatencyProfile.Realistic.LowerBoundSeconds(20), 6);
        Assert.Equal(0.01, LatencyProfile.Smoke.LowerBoundSeconds(1000), 6);
    }

    private static string Preview(string text) => text.Length <= 80 ? text : text[..80];

    private static ContentRef Content(int index, string title, string imagePrompt, string summary) =>
        new(new ItemRef(Job, JobKind.Generate, "en", index), ProductIds.ForItem(Job.JobId, index), title, summary, imagePrompt,
            "gpt-4o", false, AiCost.Zero);

    private static RecordedRequest Request(long sequence, RequestKind kind, string preview) =>
        new(sequence, DateTimeOffset.UnixEpoch, kind, "d", $"{sequence:x16}", preview, 200, null, 0, 0, 0, 0);
}
