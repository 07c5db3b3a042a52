using CatalogForge.AiEmulator;

namespace CatalogForge.Benchmarks.Crash;

/// <summary>
/// The emulator requests the restarted server sent, judged against what was done before the kill.
/// <list type="bullet">
/// <item><b>Duplicate call</b>: a request (any status, retries included) for an (item, step) whose result was memoised
/// in <c>WorkflowHistory</c> when the first server died. The engine promises these never happen.</item>
/// <item><b>Repeated in flight</b>: a request for an (item, step) that the first server had already sent a request for
/// but not memoised (it was in flight, or its memo was not yet written, when the process was killed). Repeating these is
/// legitimate, unless the pay-once cache already held the answer, in which case no request reaches the emulator at all.</item>
/// <item>A request whose preview fits several items (two items with the same emulated title) is judged on all of them:
/// a duplicate when every candidate step was memoised, repeated in flight when every candidate was sent before the kill,
/// neither when no candidate was memoised.</item>
/// <item><b>Unattributed</b>: a request that fits no item, or fits items of which some were memoised and some not, so it
/// cannot be judged (should be 0; reported so it cannot hide).</item>
/// </list>
/// </summary>
public sealed record CallAudit(int AfterRestartRequests, int DuplicateCalls, int RepeatedInFlight, int Unattributed, IReadOnlyList<string> Samples)
{
    public static CallAudit Of(
        IReadOnlyList<RecordedRequest> beforeKill,
        IReadOnlyList<RecordedRequest> afterRestart,
        IReadOnlySet<ItemStep> memoisedAtKill,
        RequestAttribution attribution)
    {
        var sentBeforeKill = beforeKill.SelectMany(attribution.Candidates).ToHashSet();
        int duplicates = 0, inFlight = 0, unattributed = 0;
        var samples = new List<string>();
        foreach (var request in afterRestart)
        {
            var candidates = attribution.Candidates(request);
            var memoised = candidates.Count(memoisedAtKill.Contains);
            if (candidates.Count == 0 || (memoised > 0 && memoised < candidates.Count))
            {
                unattributed++;
                samples.Add($"unattributed {request.Kind} #{request.Sequence} ({candidates.Count} candidates): {request.PromptPreview}");
            }
            else if (memoised == candidates.Count)
            {
                duplicates++;
                samples.Add($"duplicate {string.Join(" or ", candidates)} #{request.Sequence} ({request.StatusCode})");
            }
            else if (candidates.All(sentBeforeKill.Contains))
            {
                inFlight++;
            }
        }

        return new CallAudit(afterRestart.Count, duplicates, inFlight, unattributed, [.. samples.Take(20)]);
    }
}
