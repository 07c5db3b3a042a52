using CatalogForge.AiEmulator;

namespace CatalogForge.Benchmarks.Pipeline;

/// <summary>
/// What the emulator saw since its last reset. A retry is a request whose exact body (same kind, same body hash) the
/// emulator had already received: every logical call of a run has a distinct body (distinct items, distinct prompts).
/// </summary>
public sealed record EmulatorTally(long Requests, long Http429, long Retries, IReadOnlyDictionary<string, long> RequestsByDeployment)
{
    public static EmulatorTally Of(EmulatorState state)
    {
        var requests = state.Requests;
        var distinct = requests.Select(request => (request.Kind, request.BodyHash)).Distinct().Count();
        var byDeployment = requests.GroupBy(request => request.Deployment, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => (long)group.Count(), StringComparer.OrdinalIgnoreCase);
        return new EmulatorTally(requests.Count, state.Snapshot().RateLimitedResponses, requests.Count - distinct, byDeployment);
    }
}
