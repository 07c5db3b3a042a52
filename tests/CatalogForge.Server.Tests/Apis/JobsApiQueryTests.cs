using System.Net;
using System.Net.Http.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>GET /api/jobs, /api/jobs/{id} and /api/jobs/{id}/items: paging, filters and their validation.</summary>
public sealed class JobsApiQueryTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("/api/jobs?pageSize=0", "pageSize")]
    [InlineData("/api/jobs?pageSize=201", "pageSize")]
    [InlineData("/api/jobs?pageSize=-5", "pageSize")]
    [InlineData("/api/jobs?pageSize=ten", "pageSize")]
    [InlineData("/api/jobs?status=done", "status")]
    [InlineData("/api/jobs?status=3", "status")]
    [InlineData("/api/jobs?kind=summarize", "kind")]
    [InlineData("/api/jobs?createdFrom=yesterday", "createdFrom")]
    [InlineData("/api/jobs?createdTo=2026-13-01", "createdTo")]
    [InlineData("/api/jobs?createdFrom=23.11.2026", "createdFrom")]
    [InlineData("/api/jobs?createdFrom=2026-11-23T10:00:00Z&createdTo=2026-11-23T09:00:00Z", "createdTo")]
    [InlineData("/api/jobs?createdFrom=2026-11-23&createdTo=2026-11-23", "createdTo")]
    [InlineData("/api/jobs?createdFrom=1960-01-01", "createdFrom")]
    [InlineData("/api/jobs?createdTo=2400-01-01", "createdTo")]
    [InlineData("/api/jobs/any-job/items?pageSize=1000", "pageSize")]
    [InlineData("/api/jobs/any-job/items?status=Running", "status")]
    public async Task Bad_query_is_400_naming_the_parameter(string url, string parameter)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("bad-query");

        using var response = await client.GetAsync(url, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.True(problem.Errors.ContainsKey(parameter), problem.Raw);
    }

    [Theory]
    [InlineData("/api/jobs?continuationToken=%21%21not-a-token%21%21")]
    [InlineData("/api/jobs/any-job/items?continuationToken=%21%21not-a-token%21%21")]
    public async Task Forged_continuation_token_is_400(string url)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("bad-token");
        var accepted = await client.SubmitJobAsync(Payloads.Generate(1, Guid.NewGuid().ToString("N"), images: false), ct);
        await client.WaitForJobAsync(accepted.JobId, ct);

        using var response = await client.GetAsync(url.Replace("any-job", accepted.JobId, StringComparison.Ordinal), ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Contains("continuation token", problem.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Unknown_job_is_404_problem_for_the_job_and_its_items()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("unknown-job");

        using var job = await client.GetAsync("/api/jobs/no-such-job", ct);
        using var items = await client.GetAsync("/api/jobs/no-such-job/items", ct);

        await Problem.ReadAsync(job, HttpStatusCode.NotFound, ct);
        await Problem.ReadAsync(items, HttpStatusCode.NotFound, ct);
    }

    [Fact]
    public async Task Listing_pages_newest_first_and_filters_by_kind_and_status()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("list");
        var salt = Guid.NewGuid().ToString("N");
        var generate1 = await client.SubmitJobAsync(Payloads.Generate(1, salt + "a", images: false), ct);
        var generate2 = await client.SubmitJobAsync(Payloads.Generate(1, salt + "b", images: false), ct);
        var enrich = await client.SubmitJobAsync(Payloads.Enrich(($"S-{salt}", "Desk lamp", "LED, dimmable.", "Lighting")), ct);
        foreach (var id in new[] { generate1.JobId, generate2.JobId, enrich.JobId })
        {
            await client.WaitForJobAsync(id, ct);
        }

        var all = await ListAllAsync(client, "/api/jobs?pageSize=1", ct);
        Assert.Equal([enrich.JobId, generate2.JobId, generate1.JobId], all.Select(job => job.JobId));

        var generated = await ListAllAsync(client, "/api/jobs?kind=generate", ct);
        Assert.Equal([generate2.JobId, generate1.JobId], generated.Select(job => job.JobId));

        var completedEnrich = await ListAllAsync(client, "/api/jobs?kind=Enrich&status=completed", ct);
        Assert.Equal([enrich.JobId], completedEnrich.Select(job => job.JobId));

        Assert.Empty(await ListAllAsync(client, "/api/jobs?status=Running", ct));

        var succeededItems = await client.GetFromJsonAsync<Page<JobItemView>>($"/api/jobs/{enrich.JobId}/items?status=succeeded", ApiCalls.Json, ct);
        Assert.Single(succeededItems!.Items);
        var failedItems = await client.GetFromJsonAsync<Page<JobItemView>>($"/api/jobs/{enrich.JobId}/items?status=Failed", ApiCalls.Json, ct);
        Assert.Empty(failedItems!.Items);
    }

    [Fact]
    public async Task Responses_use_camelCase_and_enum_names()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("json-shape");
        var accepted = await client.SubmitJobAsync(Payloads.Generate(1, Guid.NewGuid().ToString("N"), images: false), ct);
        await client.WaitForJobAsync(accepted.JobId, ct);

        var raw = await client.GetStringAsync($"/api/jobs/{accepted.JobId}", ct);

        Assert.Contains("\"jobId\":", raw, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Generate\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Completed\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"priority\":\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"JobId\"", raw, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Completed, (await client.GetJobAsync(accepted.JobId, ct)).Status);
    }

    private static async Task<List<JobView>> ListAllAsync(HttpClient client, string url, CancellationToken ct)
    {
        var jobs = new List<JobView>();
        string? token = null;
        do
        {
            var page = await client.GetFromJsonAsync<Page<JobView>>(
                url + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}"), ApiCalls.Json, ct);
            jobs.AddRange(page!.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return jobs;
    }
}
