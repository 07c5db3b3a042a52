using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Products;

namespace CatalogForge.Server.Tests.Support;

/// <summary>Typed calls to the Server's HTTP API, reading JSON the way the Server writes it.</summary>
internal static class ApiCalls
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJobAsync(this HttpClient client, string json, CancellationToken cancellationToken) =>
        client.PostAsync("/api/jobs", JsonBody(json), cancellationToken);

    /// <summary>Submits and expects 202 with a Location header pointing at the job.</summary>
    public static async Task<JobAccepted> SubmitJobAsync(this HttpClient client, string json, CancellationToken cancellationToken)
    {
        using var response = await client.PostJobAsync(json, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/jobs: expected 202, got {(int)response.StatusCode}: {body}");
        var accepted = JsonSerializer.Deserialize<JobAccepted>(body, Json)!;
        Assert.False(string.IsNullOrWhiteSpace(accepted.JobId));
        Assert.Equal($"/api/jobs/{accepted.JobId}", response.Headers.Location?.OriginalString);
        Assert.Equal($"/api/jobs/{accepted.JobId}", accepted.StatusUrl);
        return accepted;
    }

    public static async Task<JobView> GetJobAsync(this HttpClient client, string jobId, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/api/jobs/{jobId}", cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.OK, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<JobView>(Json, cancellationToken))!;
    }

    /// <summary>Every item of a job, following continuation tokens.</summary>
    public static async Task<List<JobItemView>> GetAllItemsAsync(this HttpClient client, string jobId, CancellationToken cancellationToken, int pageSize = 200)
    {
        var items = new List<JobItemView>();
        string? token = null;
        do
        {
            var url = $"/api/jobs/{jobId}/items?pageSize={pageSize}" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            using var response = await client.GetAsync(url, cancellationToken);
            await EnsureStatusAsync(response, HttpStatusCode.OK, cancellationToken);
            var page = (await response.Content.ReadFromJsonAsync<Page<JobItemView>>(Json, cancellationToken))!;
            items.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return items;
    }

    public static async Task<JobListPage> ListJobsAsync(this HttpClient client, string query, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/api/jobs" + query, cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.OK, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<JobListPage>(Json, cancellationToken))!;
    }

    /// <summary>Cancels a job and waits until it has ended (tests leave no Running workflow behind for other hosts to resume).</summary>
    public static async Task<JobView> CancelAndWaitAsync(this HttpClient client, string jobId, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync($"/api/jobs/{jobId}/cancel", null, cancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict,
            $"POST /api/jobs/{jobId}/cancel: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return await client.WaitForJobAsync(jobId, cancellationToken);
    }

    public static async Task<ProductView> GetProductAsync(this HttpClient client, string productId, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/api/products/{productId}", cancellationToken);
        await EnsureStatusAsync(response, HttpStatusCode.OK, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ProductView>(Json, cancellationToken))!;
    }

    /// <summary>Polls the job until <paramref name="until"/> holds (default: terminal) or <see cref="JobTimeout"/> passes.</summary>
    public static async Task<JobView> WaitForJobAsync(
        this HttpClient client, string jobId, CancellationToken cancellationToken, Func<JobView, bool>? until = null, TimeSpan? timeout = null)
    {
        until ??= job => job.Status.IsTerminal();
        var limit = timeout ?? JobTimeout;
        var clock = Stopwatch.StartNew();
        JobView job;
        while (true)
        {
            job = await client.GetJobAsync(jobId, cancellationToken);
            if (until(job))
            {
                return job;
            }

            if (clock.Elapsed > limit)
            {
                Assert.Fail($"Job {jobId} did not reach the awaited state within {limit.TotalSeconds:0} s; last seen: " +
                            $"{job.Status}, {job.ProgressPercent}% '{job.ProgressMessage}', counts {job.Counts}.");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }
    }
}
