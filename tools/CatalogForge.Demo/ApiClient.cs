using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CatalogForge.Demo;

/// <summary>
/// The CatalogForge HTTP API as the demo uses it. GETs are retried a few times on network errors,
/// 429 and 5xx (honouring a short Retry-After); the POST is not, so a job is never submitted twice.
/// </summary>
internal sealed class ApiClient(HttpClient http, string apiKey)
{
    private const int GetAttempts = 4;

    public async Task<JobAccepted> SubmitJobAsync(string kind, JsonArray items, bool images, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["kind"] = kind,
            ["items"] = items.DeepClone(),
            ["options"] = new JsonObject { ["images"] = images },
        };
        using var request = NewRequest(HttpMethod.Post, "api/jobs");
        // Buffered (Content-Length, not chunked): friendlier to proxies and minimal servers.
        request.Content = new StringContent(body.ToJsonString(Json.Options), Encoding.UTF8, "application/json");
        using var response = await Send(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw await ApiException.FromResponseAsync($"POST api/jobs ({kind})", response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync<JobAccepted>(Json.Options, cancellationToken)
               ?? throw new ApiException($"POST api/jobs ({kind}): empty response body");
    }

    public Task<JobView> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
        GetJsonAsync<JobView>($"api/jobs/{Uri.EscapeDataString(jobId)}", cancellationToken);

    public async Task<IReadOnlyList<JobItemView>> GetAllItemsAsync(string jobId, CancellationToken cancellationToken)
    {
        var all = new List<JobItemView>();
        string? token = null;
        do
        {
            var path = $"api/jobs/{Uri.EscapeDataString(jobId)}/items?pageSize=200";
            if (token is not null)
            {
                path += "&continuationToken=" + Uri.EscapeDataString(token);
            }

            var page = await GetJsonAsync<Page<JobItemView>>(path, cancellationToken);
            all.AddRange(page.Items ?? []);
            token = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (token is not null);

        return all;
    }

    /// <summary>The product as parsed view plus its raw JSON (saved as it came).</summary>
    public async Task<(ProductView View, string Raw)> GetProductAsync(string productId, CancellationToken cancellationToken)
    {
        var path = $"api/products/{Uri.EscapeDataString(productId)}";
        var raw = await GetStringAsync(path, cancellationToken);
        try
        {
            var view = JsonSerializer.Deserialize<ProductView>(raw, Json.Options)
                       ?? throw new ApiException($"GET {path}: empty response body");
            return (view, raw);
        }
        catch (JsonException e)
        {
            throw new ApiException($"GET {path}: unexpected JSON ({e.Message})");
        }
    }

    public async Task<byte[]> GetProductImageAsync(string productId, CancellationToken cancellationToken)
    {
        var path = $"api/products/{Uri.EscapeDataString(productId)}/image";
        using var response = await GetWithRetriesAsync(path, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>The tenant's usage ledger totals over UTC days <paramref name="from"/>..<paramref name="to"/>, and the response as sent.</summary>
    public async Task<(UsageTotals Totals, string Raw)> GetUsageAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var path = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"api/usage?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        var raw = await GetStringAsync(path, cancellationToken);
        try
        {
            return (JsonSerializer.Deserialize<UsageTotals>(raw, Json.Options) ?? throw new ApiException($"GET {path}: empty response body"), raw);
        }
        catch (JsonException e)
        {
            throw new ApiException($"GET {path}: unexpected JSON ({e.Message})");
        }
    }

    /// <summary>Any JSON document from an absolute URL (the emulator's counters), no API key.</summary>
    public async Task<JsonElement> GetJsonDocumentAsync(Uri url, CancellationToken cancellationToken)
    {
        using var response = await GetWithRetriesAsync(url.ToString(), cancellationToken, sendKey: false);
        var json = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private async Task<T> GetJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        var raw = await GetStringAsync(path, cancellationToken);
        try
        {
            return JsonSerializer.Deserialize<T>(raw, Json.Options) ?? throw new ApiException($"GET {path}: empty response body");
        }
        catch (JsonException e)
        {
            throw new ApiException($"GET {path}: unexpected JSON ({e.Message})");
        }
    }

    private async Task<string> GetStringAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await GetWithRetriesAsync(path, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private async Task<HttpResponseMessage> GetWithRetriesAsync(string path, CancellationToken cancellationToken, bool sendKey = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            var delay = TimeSpan.FromSeconds(attempt);
            try
            {
                using var request = NewRequest(HttpMethod.Get, path, sendKey);
                var response = await Send(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                var transient = response.StatusCode is HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                if (!transient || attempt >= GetAttempts)
                {
                    using (response)
                    {
                        throw await ApiException.FromResponseAsync($"GET {path}", response, cancellationToken);
                    }
                }

                if (response.Headers.RetryAfter?.Delta is { } retryAfter && retryAfter < TimeSpan.FromSeconds(10))
                {
                    delay = retryAfter;
                }

                response.Dispose();
            }
            catch (HttpRequestException) when (attempt < GetAttempts)
            {
                // Network error: try again after the delay.
            }
            catch (HttpRequestException e)
            {
                throw new ApiException($"GET {path}: {Describe(e)}");
            }

            await Task.Delay(delay, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, not ours: report it as a failed request.
            throw new HttpRequestException($"no answer within {http.Timeout.TotalSeconds:0} s", e);
        }
    }

    /// <summary>The innermost message says what went wrong ("Connection refused"), the outer one rarely does.</summary>
    internal static string Describe(Exception e)
    {
        var messages = new List<string>();
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(": ", messages.Distinct());
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path, bool sendKey = true)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute));
        if (sendKey)
        {
            request.Headers.Add("x-api-key", apiKey);
        }

        return request;
    }
}

/// <summary>A request that failed for good: what was asked, the status and the server's problem text.</summary>
internal sealed class ApiException(string message) : Exception(message)
{
    public static async Task<ApiException> FromResponseAsync(string what, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = "";
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
        }

        var detail = Describe(body);
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var hint = response.StatusCode == HttpStatusCode.Unauthorized ? " (is the API key right?)" : "";
        return new ApiException($"{what}: {status}{hint}{(detail.Length > 0 ? ": " + detail : "")}");
    }

    /// <summary>ProblemDetails title/detail and validation errors when the body has them, else the first 300 characters.</summary>
    private static string Describe(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var parts = new List<string>();
                foreach (var name in new[] { "title", "detail" })
                {
                    if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        parts.Add(value.GetString()!);
                    }
                }

                if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in errors.EnumerateObject().Take(5))
                    {
                        var messages = field.Value.ValueKind == JsonValueKind.Array
                            ? string.Join("; ", field.Value.EnumerateArray().Select(m => m.ToString()))
                            : field.Value.ToString();
                        parts.Add($"{field.Name}: {messages}");
                    }
                }

                if (parts.Count > 0)
                {
                    return string.Join(" | ", parts);
                }
            }
        }
        catch (JsonException)
        {
        }

        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
