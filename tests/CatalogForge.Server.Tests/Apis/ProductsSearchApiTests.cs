extern alias AiEmulator;

using System.Net;
using System.Net.Http.Json;
using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Search;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>GET /api/products/search: the query embedded through the gateway, exact top-k over the tenant's vectors.</summary>
public sealed class ProductsSearchApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Search_ranks_the_matching_product_first_pays_the_query_once_and_sees_new_products()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("search");
        var (_, stranger) = await env.CreateTenantClientAsync("search-other");
        var salt = Guid.NewGuid().ToString("N");
        var job = await client.SubmitJobAsync(Payloads.Generate(4, salt, images: false), ct);
        await client.WaitForJobAsync(job.JobId, ct);
        var items = await client.GetAllItemsAsync(job.JobId, ct);

        const string Query = "container gardening on small balconies"; // the topic of brief 3
        var first = await SearchAsync(client, $"?q={Uri.EscapeDataString(Query)}&k=3", ct);
        var embeddingCalls = EmbeddingRequests(env);
        var again = await SearchAsync(client, $"?q={Uri.EscapeDataString(Query)}&k=3", ct);

        Assert.Equal(3, first.Items.Count);
        Assert.Equal(items[3].ProductId, first.Items[0].ProductId);
        Assert.Equal(items[3].Title, first.Items[0].Title);
        Assert.True(first.Items.Zip(first.Items.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score), "scores are not best first");
        Assert.All(first.Items, hit => Assert.InRange(hit.Score, -1.0, 1.0));
        Assert.Equal(first.Items, again.Items);
        Assert.Equal(embeddingCalls, EmbeddingRequests(env)); // the repeated query was answered from the request cache
        Assert.Empty((await SearchAsync(stranger, $"?q={Uri.EscapeDataString(Query)}", ct)).Items);

        // A product saved after the vectors were cached changes the catalog version: the next query sees it.
        var more = await client.SubmitJobAsync(Payloads.Generate(1, salt + "more", images: false), ct);
        await client.WaitForJobAsync(more.JobId, ct);
        var all = await SearchAsync(client, $"?q={Uri.EscapeDataString(Query)}&k=50", ct);
        Assert.Equal(5, all.Items.Count);
        Assert.Contains(all.Items, hit => hit.ProductId == $"{more.JobId}-000000");
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("?q=%20%20", "q")]
    [InlineData("?q=bell%07", "q")]
    [InlineData("?q=tea&k=0", "k")]
    [InlineData("?q=tea&k=51", "k")]
    [InlineData("?q=tea&k=two", "k")]
    public async Task Bad_queries_are_400_naming_the_field(string query, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("search-bad");

        using var response = await client.GetAsync("/api/products/search" + query, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.Equal(0, EmbeddingRequests(env));
    }

    [Fact]
    public async Task An_over_long_query_is_400_and_calls_no_model()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("search-long");

        using var response = await client.GetAsync("/api/products/search?q=" + new string('a', new SearchOptions().MaxQueryLength + 1), ct);

        Assert.Equal(["q"], (await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct)).Errors.Keys);
        Assert.Equal(0, EmbeddingRequests(env));
    }

    private static int EmbeddingRequests(ServerTestEnvironment env) =>
        env.Emulator.State.Requests.Count(request => request.Kind == RequestKind.Embeddings);

    private static async Task<ProductSearchResult> SearchAsync(HttpClient client, string query, CancellationToken ct)
    {
        using var response = await client.GetAsync("/api/products/search" + query, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/products/search{query}: {(int)response.StatusCode} {body}");
        return (await response.Content.ReadFromJsonAsync<ProductSearchResult>(ApiCalls.Json, ct))!;
    }
}
