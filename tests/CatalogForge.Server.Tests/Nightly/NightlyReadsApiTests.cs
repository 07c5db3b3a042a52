using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Views;
using CatalogForge.Core.Orchestration;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Nightly;

/// <summary>
/// The nightly read routes (<c>/api/products/{id}/similar</c>, <c>/api/catalog/duplicates|insights|alerts|runs</c>) on
/// the Server, before and after real runs on Azurite and the AI emulator.
/// </summary>
public sealed class NightlyReadsApiTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Day1 = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Every run raises the risk alert (any score is at or above 0), so alerts exist to page through.</summary>
    private static readonly Dictionary<string, string?> AlertOnEveryRun = new() { ["Nightly:Alerts:RiskAtOrAbove"] = "0" };

    [Fact]
    public async Task Every_route_serves_the_current_snapshot_newest_first_and_another_tenant_sees_none_of_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: AlertOnEveryRun);
        var (tenant, client) = await env.CreateTenantClientAsync("nightly-reads");
        var (_, stranger) = await env.CreateTenantClientAsync("nightly-reads-other");
        var products = await EnrichAsync(client, ct);
        var (original, duplicate) = (products[0], products[1]);

        // Before any run: the empty shapes.
        var none = await GetAsync<SimilarProductsView>(client, $"/api/products/{original}/similar", ct);
        Assert.Equal((original, null, null), (none.ProductId, none.SnapshotId, none.ComputedAt));
        Assert.Empty(none.Similar);
        await AssertNoSnapshotAsync(client, ct);
        using (var missingRun = await client.GetAsync("/api/catalog/runs/20261201", ct))
        {
            await Problem.ReadAsync(missingRun, HttpStatusCode.NotFound, ct);
        }

        // Three runs on three days.
        foreach (var day in new[] { Day1, Day1.AddDays(1), Day1.AddDays(2) })
        {
            await RunAsync(env, tenant.TenantId, day, ct);
        }

        // Similar: the deliberate near-duplicate first, at or above the threshold, with titles; k cuts the list.
        var similar = await GetAsync<SimilarProductsView>(client, $"/api/products/{original}/similar", ct);
        Assert.Equal("20261203", similar.SnapshotId);
        Assert.NotNull(similar.ComputedAt);
        Assert.Equal(3, similar.Similar.Count);
        Assert.Equal(duplicate, similar.Similar[0].ProductId);
        Assert.True(similar.Similar[0].Score >= new NightlyOptions().NearDuplicateThreshold, $"score {similar.Similar[0].Score}");
        Assert.True(similar.Similar.Zip(similar.Similar.Skip(1)).All(p => p.First.Score >= p.Second.Score), "not best first");
        var titles = await TitlesAsync(client, products, ct);
        Assert.All(similar.Similar, s => Assert.Equal(titles[s.ProductId], s.Title));
        Assert.Equal([duplicate], (await GetAsync<SimilarProductsView>(client, $"/api/products/{original}/similar?k=1", ct)).Similar.Select(s => s.ProductId));

        // Duplicates: one cluster of the two, with titles and their pair.
        var duplicates = await GetAsync<DuplicatesView>(client, "/api/catalog/duplicates", ct);
        Assert.Equal("20261203", duplicates.SnapshotId);
        var cluster = Assert.Single(duplicates.Clusters);
        Assert.Equal(new[] { original, duplicate }.Order(StringComparer.Ordinal), cluster.Members.Select(m => m.ProductId));
        Assert.All(cluster.Members, m => Assert.Equal(titles[m.ProductId], m.Title));
        var pair = Assert.Single(cluster.Pairs);
        Assert.True(string.CompareOrdinal(pair.A, pair.B) < 0);
        Assert.Equal(similar.Similar[0].Score, pair.Score, 5);

        // Runs: newest first, two per page, the newest current, counts and cost of a completed run.
        var page1 = await GetAsync<NightlyRunPage>(client, "/api/catalog/runs?pageSize=2", ct);
        Assert.Equal(["20261203", "20261202"], page1.Items.Select(r => r.RunId));
        Assert.NotNull(page1.ContinuationToken);
        var page2 = await GetAsync<NightlyRunPage>(client, $"/api/catalog/runs?pageSize=2&continuationToken={Uri.EscapeDataString(page1.ContinuationToken)}", ct);
        Assert.Equal(["20261201"], page2.Items.Select(r => r.RunId));
        Assert.Null(page2.ContinuationToken);
        var latest = page1.Items[0];
        Assert.Equal(NightlyRunStatus.Completed, latest.Status);
        Assert.True(latest.IsCurrent);
        Assert.False(page1.Items[1].IsCurrent);
        Assert.Equal("20261202", latest.PreviousSnapshotId);
        Assert.Equal(4, latest.Products);
        Assert.Equal(1, latest.Clusters);
        Assert.Equal(1, latest.NearDuplicatePairs);
        Assert.Equal(0, latest.Reembedded);
        Assert.Equal(0m, latest.CostUsd);
        Assert.True(latest.DurationSeconds >= 0);
        Assert.Null(latest.ErrorClass);
        Assert.Equal(latest, await GetAsync<NightlyRunView>(client, "/api/catalog/runs/20261203", ct));

        // Insights: the stored drift and risk, and the alerts of the current snapshot.
        using var insights = await GetJsonAsync(client, "/api/catalog/insights", ct);
        var root = insights.RootElement;
        Assert.Equal("20261203", root.GetProperty("snapshotId").GetString());
        Assert.Equal("20261202", root.GetProperty("previousSnapshotId").GetString());
        Assert.True(root.GetProperty("drift").GetProperty("hasPrevious").GetBoolean());
        Assert.Equal(latest.RiskScore, root.GetProperty("risk").GetProperty("score").GetInt32());
        Assert.NotEmpty(root.GetProperty("risk").GetProperty("terms").EnumerateArray());
        var currentAlerts = root.GetProperty("alerts").Deserialize<List<NightlyAlertView>>(ApiCalls.Json)!;
        Assert.Equal(latest.Alerts, currentAlerts.Count);
        Assert.Contains(currentAlerts, a => a.Rule == "risk");
        Assert.All(currentAlerts, a => Assert.Equal("20261203", a.SnapshotId));

        // Alerts: every run's, newest first, one per page.
        var alerts = new List<NightlyAlertView>();
        string? token = null;
        do
        {
            var page = await GetAsync<NightlyAlertPage>(client, "/api/catalog/alerts?pageSize=1" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"), ct);
            Assert.True(page.Items.Count <= 1);
            alerts.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(page1.Items.Concat(page2.Items).Sum(r => r.Alerts), alerts.Count);
        Assert.Equal(alerts.OrderByDescending(a => a.AlertId, StringComparer.Ordinal), alerts);
        Assert.Equal(["20261203", "20261202", "20261201"], alerts.Select(a => a.SnapshotId).Distinct());
        Assert.All(alerts, a => Assert.StartsWith($"{tenant.TenantId}:{a.SnapshotId}-", a.AlertId));

        // Every answer matches the OpenAPI document's schema for it.
        using var document = await OpenApi.OpenApiDocumentTests.ReadDocumentAsync(env.Server.CreateClient(), "/openapi/v1.json", ct);
        foreach (var (url, path) in new[]
                 {
                     ($"/api/products/{original}/similar", "/api/products/{id}/similar"), ("/api/catalog/duplicates", "/api/catalog/duplicates"),
                     ("/api/catalog/insights", "/api/catalog/insights"), ("/api/catalog/alerts", "/api/catalog/alerts"),
                     ("/api/catalog/runs", "/api/catalog/runs"), ("/api/catalog/runs/20261203", "/api/catalog/runs/{runId}"),
                 })
        {
            using var answer = await GetJsonAsync(client, url, ct);
            var schema = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses")
                .GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            var check = new OpenApiSchemaCheck(document.RootElement);
            check.Check(answer.RootElement, schema, $"GET {path} 200");
            Assert.True(check.Errors.Count == 0, string.Join("\n", check.Errors));
        }

        // Another tenant: A's product is 404, its lists are empty, A's run is 404, A's page token is refused.
        using (var foreign = await stranger.GetAsync($"/api/products/{original}/similar", ct))
        {
            await Problem.ReadAsync(foreign, HttpStatusCode.NotFound, ct);
        }

        await AssertNoSnapshotAsync(stranger, ct);
        using (var foreignRun = await stranger.GetAsync("/api/catalog/runs/20261203", ct))
        {
            await Problem.ReadAsync(foreignRun, HttpStatusCode.NotFound, ct);
        }

        using (var foreignToken = await stranger.GetAsync($"/api/catalog/runs?pageSize=2&continuationToken={Uri.EscapeDataString(page1.ContinuationToken)}", ct))
        {
            Assert.Equal(["continuationToken"], (await Problem.ReadAsync(foreignToken, HttpStatusCode.BadRequest, ct)).Errors.Keys);
        }

        // A runs token is not an alerts token.
        using var crossRoute = await client.GetAsync($"/api/catalog/alerts?pageSize=2&continuationToken={Uri.EscapeDataString(page1.ContinuationToken)}", ct);
        Assert.Equal(["continuationToken"], (await Problem.ReadAsync(crossRoute, HttpStatusCode.BadRequest, ct)).Errors.Keys);
    }

    [Fact]
    public async Task A_product_newer_than_the_snapshot_has_no_similar_products_yet()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("nightly-reads-newer");
        await EnrichAsync(client, ct);
        await RunAsync(env, tenant.TenantId, Day1, ct);

        var newer = await client.SubmitJobAsync(Payloads.Enrich(($"N-{Guid.NewGuid():N}", "Cast iron skillet", "Pre-seasoned, 26 cm.", "Kitchen")), ct);
        await client.WaitForJobAsync(newer.JobId, ct);
        var productId = (await client.GetAllItemsAsync(newer.JobId, ct)).Single().ProductId!;

        var similar = await GetAsync<SimilarProductsView>(client, $"/api/products/{productId}/similar", ct);
        Assert.Equal(productId, similar.ProductId);
        Assert.Null(similar.SnapshotId);
        Assert.Null(similar.ComputedAt);
        Assert.Empty(similar.Similar);
        using var unknown = await client.GetAsync($"/api/products/{newer.JobId}-000099/similar", ct);
        await Problem.ReadAsync(unknown, HttpStatusCode.NotFound, ct);
    }

    [Fact]
    public async Task Bad_query_values_are_400_naming_the_field()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("nightly-reads-bad");
        var maxK = new NightlyOptions().SimilarTopK;
        var cases = new (string Path, string Field)[]
        {
            ("/api/products/p1/similar?k=0", "k"),
            ($"/api/products/p1/similar?k={maxK + 1}", "k"),
            ("/api/products/p1/similar?k=ten", "k"),
            ("/api/catalog/runs?pageSize=0", "pageSize"),
            ("/api/catalog/runs?pageSize=100000", "pageSize"),
            ("/api/catalog/alerts?pageSize=-1", "pageSize"),
            ("/api/catalog/alerts?pageSize=1000", "pageSize"),
            ("/api/catalog/runs?continuationToken=MjAyNjEyMDE.AAAA", "continuationToken"),
            ("/api/catalog/alerts?continuationToken=not-a-token", "continuationToken"),
            ("/api/catalog/runs/2026-12-01", "runId"),
            ("/api/catalog/runs/20261301", "runId"),
            ("/api/catalog/runs/20261201-246000", "runId"),
            ("/api/catalog/runs/x", "runId"),
        };
        foreach (var (path, field) in cases)
        {
            using var response = await client.GetAsync(path, ct);
            var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
            Assert.True(problem.Errors.Keys.SequenceEqual([field]), $"{path}: {problem.Raw}");
        }
    }

    /// <summary>An enrich job of four products; the first two are the same row sent twice: the deliberate near-duplicate.</summary>
    private static async Task<List<string>> EnrichAsync(HttpClient client, CancellationToken ct)
    {
        var salt = Guid.NewGuid().ToString("N")[..8];
        const string Starter = "A glass jar, rye flour and a printed guide to keep a sourdough starter alive for years.";
        var job = await client.SubmitJobAsync(Payloads.Enrich(
            ($"A-{salt}", "Sourdough starter kit", Starter, "Baking"),
            ($"A-{salt}", "Sourdough starter kit", Starter, "Baking"),
            ($"C-{salt}", "Watercolor brush set", "Twelve synthetic sable brushes for landscapes.", "Art supplies"),
            ($"D-{salt}", "Trail running shoes", "Lightweight shoes with a rock plate for rough trails.", "Sports")), ct);
        Assert.Equal(JobStatus.Completed, (await client.WaitForJobAsync(job.JobId, ct)).Status);
        return (await client.GetAllItemsAsync(job.JobId, ct)).Select(item => item.ProductId!).ToList();
    }

    private static async Task<Dictionary<string, string>> TitlesAsync(HttpClient client, IEnumerable<string> productIds, CancellationToken ct)
    {
        var titles = new Dictionary<string, string>();
        foreach (var id in productIds)
        {
            titles[id] = (await client.GetProductAsync(id, ct)).Title;
        }

        return titles;
    }

    private static async Task AssertNoSnapshotAsync(HttpClient client, CancellationToken ct)
    {
        var duplicates = await GetAsync<DuplicatesView>(client, "/api/catalog/duplicates", ct);
        Assert.Null(duplicates.SnapshotId);
        Assert.Null(duplicates.ComputedAt);
        Assert.Empty(duplicates.Clusters);
        using var insights = await GetJsonAsync(client, "/api/catalog/insights", ct);
        foreach (var name in new[] { "snapshotId", "previousSnapshotId", "computedAt", "drift", "perception", "risk" })
        {
            Assert.Equal(JsonValueKind.Null, insights.RootElement.GetProperty(name).ValueKind);
        }

        Assert.Empty(insights.RootElement.GetProperty("alerts").EnumerateArray());
        Assert.False(insights.RootElement.GetProperty("nearDuplicatePairsTruncated").GetBoolean());
        var alerts = await GetAsync<NightlyAlertPage>(client, "/api/catalog/alerts", ct);
        Assert.Empty(alerts.Items);
        Assert.Null(alerts.ContinuationToken);
        var runs = await GetAsync<NightlyRunPage>(client, "/api/catalog/runs", ct);
        Assert.Empty(runs.Items);
        Assert.Null(runs.ContinuationToken);
    }

    internal static async Task RunAsync(ServerTestEnvironment env, string tenantId, DateTimeOffset day, CancellationToken ct)
    {
        var instanceId = await env.Server.Services.GetRequiredService<NightlyRunner>().StartAsync(tenantId, day, ct);
        var done = await env.Server.Services.GetRequiredService<IWorkflowClient>().WaitForCompletionAsync(instanceId, TimeSpan.FromSeconds(90), ct);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(NightlyRunStatus.Completed, done.GetOutput<NightlyRunSummary>()!.Status);
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ApiCalls.Json, ct))!;
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
    }
}
