using System.Net;
using System.Net.Http.Json;
using CatalogForge.Core.Products;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>GET /api/products: newest first, filters, signed paging, tenants apart, bad queries.</summary>
public sealed class ProductsApiListTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Products_are_listed_newest_job_first_in_input_order_and_filtered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("product-list");
        var (_, stranger) = await env.CreateTenantClientAsync("product-list-other");
        var salt = Guid.NewGuid().ToString("N");

        var older = await client.SubmitJobAsync(Payloads.Generate(2, salt, images: false), ct);
        await client.WaitForJobAsync(older.JobId, ct);
        var newer = await client.SubmitJobAsync(Payloads.Enrich(
            ("SKU-1", "Rye sourdough starter kit", "Jar, flour and a guide.", "Baking"),
            ("SKU-2", "Linen apron", "Washed linen.", "Kitchen")), ct);
        await client.WaitForJobAsync(newer.JobId, ct);

        var all = await ListAsync(client, "", ct);
        Assert.Equal(
            [$"{newer.JobId}-000000", $"{newer.JobId}-000001", $"{older.JobId}-000000", $"{older.JobId}-000001"],
            all.Items.Select(p => p.ProductId));
        Assert.Null(all.ContinuationToken);
        Assert.All(all.Items, p => Assert.False(string.IsNullOrEmpty(p.Category)));
        Assert.Equal(["ebook", "course"], all.Items.Skip(2).Select(p => p.Category));

        Assert.Equal([$"{older.JobId}-000000", $"{older.JobId}-000001"], Ids(await ListAsync(client, $"?jobId={older.JobId}", ct)));
        Assert.Equal([$"{older.JobId}-000000"], Ids(await ListAsync(client, "?category=EBOOK", ct)));
        var enrichedCategory = all.Items[0].Category!;
        var topLevel = enrichedCategory.Split(" › ")[0];
        Assert.Contains($"{newer.JobId}-000000", Ids(await ListAsync(client, $"?category={Uri.EscapeDataString(topLevel)}", ct)));
        Assert.Empty((await ListAsync(client, "?category=ebo", ct)).Items);
        Assert.Equal(4, (await ListAsync(client, "?degraded=false", ct)).Items.Count);
        Assert.Empty((await ListAsync(client, "?degraded=true", ct)).Items);

        var between = all.Items[2].CreatedAt; // the older job was submitted before its products were saved
        Assert.Equal([$"{newer.JobId}-000000", $"{newer.JobId}-000001"], Ids(await ListAsync(client, $"?createdFrom={Iso(between)}", ct)));
        Assert.Equal([$"{older.JobId}-000000", $"{older.JobId}-000001"],
            Ids(await ListAsync(client, $"?createdFrom=2000-01-01&createdTo={Iso(between)}", ct)));

        Assert.Empty((await ListAsync(stranger, "", ct)).Items);
        Assert.Empty((await ListAsync(stranger, $"?jobId={older.JobId}", ct)).Items);
    }

    [Fact]
    public async Task Pages_follow_signed_tokens_that_hold_only_for_their_tenant_and_filter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("product-pages");
        var (_, stranger) = await env.CreateTenantClientAsync("product-pages-other");
        var job = await client.SubmitJobAsync(Payloads.Generate(3, Guid.NewGuid().ToString("N"), images: false), ct);
        await client.WaitForJobAsync(job.JobId, ct);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await ListAsync(client, "?pageSize=2" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"), ct);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(Ids(page));
            token = page.ContinuationToken;
            if (token is not null)
            {
                using var otherFilter = await client.GetAsync($"/api/products?pageSize=2&degraded=false&continuationToken={Uri.EscapeDataString(token)}", ct);
                using var otherTenant = await stranger.GetAsync($"/api/products?pageSize=2&continuationToken={Uri.EscapeDataString(token)}", ct);
                Assert.Contains("continuation token", (await Problem.ReadAsync(otherFilter, HttpStatusCode.BadRequest, ct)).Detail ?? "");
                await Problem.ReadAsync(otherTenant, HttpStatusCode.BadRequest, ct);
            }
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 3).Select(i => $"{job.JobId}-{i:D6}"), seen);
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=201", "pageSize")]
    [InlineData("?pageSize=ten", "pageSize")]
    [InlineData("?degraded=maybe", "degraded")]
    [InlineData("?jobId=not-a-job", "jobId")]
    [InlineData("?createdFrom=yesterday", "createdFrom")]
    [InlineData("?createdFrom=2026-02-01&createdTo=2026-01-01", "createdTo")]
    [InlineData("?category=%01bell", "category")]
    public async Task Bad_queries_are_400_naming_the_field(string query, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("product-bad-query");

        using var response = await client.GetAsync("/api/products" + query, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Equal([field], problem.Errors.Keys);
    }

    private static IEnumerable<string> Ids(ProductListPage page) => page.Items.Select(p => p.ProductId);

    private static string Iso(DateTimeOffset instant) => Uri.EscapeDataString(instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"));

    private static async Task<ProductListPage> ListAsync(HttpClient client, string query, CancellationToken ct)
    {
        using var response = await client.GetAsync("/api/products" + query, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/products{query}: {(int)response.StatusCode} {body}");
        return (await response.Content.ReadFromJsonAsync<ProductListPage>(ApiCalls.Json, ct))!;
    }
}
