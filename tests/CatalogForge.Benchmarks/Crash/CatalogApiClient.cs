using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;

namespace CatalogForge.Benchmarks.Crash;

/// <summary>The few job API calls the crash benchmark makes, over HTTP with the tenant's key.</summary>
public sealed class CatalogApiClient(Uri baseUri, string apiKey) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HttpClient _http = new() { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30), DefaultRequestHeaders = { { "x-api-key", apiKey } } };

    public async Task<string> SubmitGenerateAsync(IReadOnlyList<ProductBrief> briefs, CancellationToken cancellationToken)
    {
        var body = new { kind = "generate", items = briefs, options = new { images = true } };
        using var response = await _http.PostAsJsonAsync("api/jobs", body, Json, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var accepted = await response.Content.ReadFromJsonAsync<JobAccepted>(Json, cancellationToken);
        return accepted?.JobId ?? throw new InvalidOperationException("POST /api/jobs answered without a job id.");
    }

    public async Task<JobView?> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/jobs/{jobId}", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<JobView>(Json, cancellationToken);
    }

    public async Task<IReadOnlyList<JobItemView>> GetAllItemsAsync(string jobId, CancellationToken cancellationToken)
    {
        var items = new List<JobItemView>();
        string? token = null;
        do
        {
            var url = $"api/jobs/{jobId}/items?pageSize=100" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            using var response = await _http.GetAsync(url, cancellationToken);
            await EnsureSuccessAsync(response, cancellationToken);
            var page = await response.Content.ReadFromJsonAsync<Page<JobItemView>>(Json, cancellationToken)
                ?? throw new InvalidOperationException($"GET {url} answered with no body.");
            items.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return items;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} → {(int)response.StatusCode}: {body}");
        }
    }

    public void Dispose() => _http.Dispose();
}
