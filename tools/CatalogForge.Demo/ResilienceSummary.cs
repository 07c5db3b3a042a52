using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CatalogForge.Demo;

/// <summary>
/// What the AI core survived, from the usage ledger (<c>GET /api/usage</c>), next to what the provider saw (the
/// emulator's <c>/admin/counters</c>), with a warning wherever the two disagree.
/// </summary>
internal static class ResilienceSummary
{
    public static string Render(UsageTotals ledger, int degradedProducts, JsonElement? emulatorCounters)
    {
        var provider = emulatorCounters is { ValueKind: JsonValueKind.Object } counters ? ProviderCounts.From(counters) : null;
        var text = new StringBuilder();
        text.AppendLine("AI calls (usage ledger via /api/usage; provider side from the emulator's /admin/counters):");
        Line(text, "model calls", ledger.Calls, null, $"{ledger.CacheHits} from the cache, {ledger.FailedCalls} without a result");
        Line(text, "requests sent", ledger.Attempts, provider?.Requests, "every attempt, retries and fallbacks included");
        Line(text, "cache hits", ledger.CacheHits, null, "answered without a request (pay once)");
        Line(text, "retries", ledger.Retries, null, "requests repeated on the same deployment");
        Line(text, "429s received", ledger.RateLimited, provider?.RateLimited, "each retried no sooner than its Retry-After");
        Line(text, "failed requests", ledger.Attempts - ledger.Answered, provider?.NotOk, "every response that was not a usable 200");
        Line(text, "fallbacks", ledger.Fallbacks, null, "calls served by another deployment than the preferred one");
        Line(text, "degraded products", degradedProducts, null, "made from a simplified or generic prompt after a content-filter refusal");
        if (provider is { FaultsByKind.Count: > 0 })
        {
            text.AppendLine("  faults injected by the emulator: " +
                            string.Join(", ", provider.FaultsByKind.Select(f => $"{f.Key} {f.Value.ToString(CultureInfo.InvariantCulture)}")));
        }

        if (provider is not null)
        {
            foreach (var warning in Mismatches(ledger, provider))
            {
                text.AppendLine("  warning: " + warning);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The ledger writes a row for every call that sent a request, so its sums must equal the provider's counts. Only a
    /// request cut off by cancellation or a stopping host can reach the provider without a ledger row.
    /// </summary>
    internal static IEnumerable<string> Mismatches(UsageTotals ledger, ProviderCounts provider)
    {
        const string Cause = "a request abandoned by a cancelled job or a stopping host reaches the provider without a ledger row";
        if (ledger.Attempts != provider.Requests)
        {
            yield return $"the ledger counts {ledger.Attempts} requests, the provider {provider.Requests} ({Cause}).";
        }

        if (ledger.RateLimited != provider.RateLimited)
        {
            yield return $"the ledger counts {ledger.RateLimited} 429s, the provider sent {provider.RateLimited} ({Cause}).";
        }

        if (ledger.Attempts - ledger.Answered != provider.NotOk)
        {
            yield return $"the ledger counts {ledger.Attempts - ledger.Answered} failed requests, the provider {provider.NotOk} ({Cause}).";
        }
    }

    private static void Line(StringBuilder text, string label, long ledger, long? provider, string meaning)
    {
        var providerText = provider is { } p ? $"provider {p.ToString("#,0", CultureInfo.InvariantCulture),6}" : new string(' ', 15);
        text.Append(CultureInfo.InvariantCulture, $"  {label,-18} {ledger.ToString("#,0", CultureInfo.InvariantCulture),7}   {providerText}   {meaning}\n");
    }
}

/// <summary>The emulator's totals that the ledger can be checked against.</summary>
internal sealed record ProviderCounts(long Requests, long RateLimited, long NotOk, IReadOnlyDictionary<string, long> FaultsByKind)
{
    public static ProviderCounts From(JsonElement counters)
    {
        var requests = Number(counters, "totalRequests");
        var ok = counters.TryGetProperty("responsesByStatus", out var statuses) && statuses.ValueKind == JsonValueKind.Object
            ? Number(statuses, "200")
            : 0;
        var faults = counters.TryGetProperty("faultsByKind", out var kinds) && kinds.ValueKind == JsonValueKind.Object
            ? kinds.EnumerateObject().Where(k => k.Value.ValueKind == JsonValueKind.Number).ToDictionary(k => k.Name, k => k.Value.GetInt64())
            : [];
        return new ProviderCounts(requests, Number(counters, "rateLimitedResponses"), requests - ok, faults);
    }

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
}
