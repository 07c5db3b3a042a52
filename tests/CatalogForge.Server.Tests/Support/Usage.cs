using System.Net;
using System.Net.Http.Json;

namespace CatalogForge.Server.Tests.Support;

/// <summary>The totals of GET /api/usage as the Server writes them.</summary>
internal sealed record UsageTotals(
    int Calls, int CacheHits, int FailedCalls, long Attempts, long Retries, long RateLimited, int Fallbacks, decimal CostUsd, long Images);

internal static class Usage
{
    /// <summary>Today's usage (UTC) of the client's tenant.</summary>
    public static async Task<UsageTotals> TodayAsync(this HttpClient client, CancellationToken cancellationToken)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var response = await client.GetAsync($"/api/usage?from={today}&to={today}", cancellationToken);
        await ApiCalls.EnsureStatusAsync(response, HttpStatusCode.OK, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<UsageTotals>(ApiCalls.Json, cancellationToken))!;
    }
}
