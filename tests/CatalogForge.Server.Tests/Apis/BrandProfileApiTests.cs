using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>GET/PUT /api/catalog/brand-profile: stored per tenant, validated field by field, nothing written on a 400.</summary>
public sealed class BrandProfileApiTests(AzuriteFixture azurite)
{
    private const string Valid = """
        {"brand":"Crumb & Co","competitors":["Loaf Lab","Rise Up"],"probes":["Which online shops sell the best sourdough guides?"],"language":"en"}
        """;

    [Fact]
    public async Task A_profile_is_stored_for_its_tenant_only_and_a_bad_one_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("brand");
        var (_, stranger) = await env.CreateTenantClientAsync("brand-other");

        using (var none = await client.GetAsync("/api/catalog/brand-profile", ct))
        {
            await Problem.ReadAsync(none, HttpStatusCode.NotFound, ct);
        }

        using var put = await client.PutAsync("/api/catalog/brand-profile", ApiCalls.JsonBody(Valid), ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var bad = await client.PutAsync("/api/catalog/brand-profile",
            ApiCalls.JsonBody("""{"brand":"Crumb & Co","competitors":["Loaf Lab","loaf lab"],"probes":["Best bread shops?"]}"""), ct);
        var problem = await Problem.ReadAsync(bad, HttpStatusCode.BadRequest, ct);
        Assert.Equal(["competitors[1]"], problem.Errors.Keys);

        var stored = await client.GetFromJsonAsync<JsonElement>("/api/catalog/brand-profile", ct);
        var profile = stored.GetProperty("profile");
        Assert.Equal("Crumb & Co", profile.GetProperty("brand").GetString());
        Assert.Equal(["Loaf Lab", "Rise Up"], profile.GetProperty("competitors").EnumerateArray().Select(e => e.GetString()));
        using var other = await stranger.GetAsync("/api/catalog/brand-profile", ct);
        await Problem.ReadAsync(other, HttpStatusCode.NotFound, ct);
    }

    [Theory]
    [InlineData("""{"brand":"","probes":["Best bread shops?"]}""", "brand")]
    [InlineData("""{"brand":"A","competitors":["1","2","3","4","5","6","7","8","9","10","11"],"probes":["Best bread shops?"]}""", "competitors")]
    [InlineData("""{"brand":"A","probes":["Best bread\u0007 shops?"]}""", "probes[0]")]
    [InlineData("""{"brand":"A","probes":["Best bread shops?"],"language":"xx_YY"}""", "language")]
    public async Task Bad_profiles_are_400_naming_the_field(string body, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("brand-bad");

        using var response = await client.PutAsync("/api/catalog/brand-profile", ApiCalls.JsonBody(body), ct);

        Assert.Equal([field], (await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct)).Errors.Keys);
    }

    [Fact]
    public async Task An_unknown_field_is_400()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("brand-typo");

        using var response = await client.PutAsync("/api/catalog/brand-profile",
            ApiCalls.JsonBody("""{"brand":"A","probes":["Best bread shops?"],"competitor":["B"]}"""), ct);

        await Problem.ReadAsync(response, HttpStatusCode.BadRequest, ct);
    }
}
