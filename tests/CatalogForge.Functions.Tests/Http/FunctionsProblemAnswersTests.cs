using System.Net;
using System.Reflection;
using System.Text.Json;
using CatalogForge.Api.Errors;
using CatalogForge.Api.RateLimiting;
using CatalogForge.Api.Tenancy;
using CatalogForge.Functions.Http;
using CatalogForge.Functions.Tests.Support;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Functions.Tests.Http;

/// <summary>
/// The Functions app answers like the Server where the host alone would not: an unknown route is a 404 ProblemDetails
/// (not the host's empty 404), and a tenant over its request rate gets the Server's 429 ProblemDetails with Retry-After.
/// </summary>
public sealed class FunctionsProblemAnswersTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_unknown_route_is_an_anonymous_catch_all_answering_404_ProblemDetails()
    {
        var trigger = typeof(UnknownRouteFunction).GetMethod(nameof(UnknownRouteFunction.Run))!.GetParameters()
            .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>().Single();
        Assert.Equal("{*path}", trigger.Route);
        Assert.Equal(AuthorizationLevel.Anonymous, trigger.AuthLevel);
        Assert.Contains(UnknownRouteFunction.Name, HealthFunctions.Anonymous);
        Assert.Equal(["get", "post", "put", "patch", "delete", "head", "options"], trigger.Methods!);
        await using var app = await FunctionsServices.StartAsync(azurite);
        var http = NewContext(app, "/api/no-such-thing");

        var result = new UnknownRouteFunction().Run(http.Request);
        await ((ResultActionResult)result).Result.ExecuteAsync(http);

        var (status, contentType, json) = Read(http);
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (status, contentType));
        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.Equal(UnknownRouteFunction.Detail, json.GetProperty("detail").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_tenant_over_its_request_rate_gets_429_with_Retry_After_and_other_tenants_are_not_affected()
    {
        await using var app = await FunctionsServices.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Api:RateLimit:TokenLimit"] = "2",
            ["Api:RateLimit:TokensPerPeriod"] = "1",
            ["Api:RateLimit:ReplenishmentPeriod"] = "00:01:00",
        });
        var limiter = new TenantRequestLimiter(app.Services.GetRequiredService<IOptions<ApiRateLimitOptions>>());

        var admitted = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            admitted.Add(await limiter.AdmitAsync(NewContext(app, "/api/jobs"), Tenant("tenant-a")));
        }

        var refused = NewContext(app, "/api/jobs");
        Assert.False(await limiter.AdmitAsync(refused, Tenant("tenant-a")));
        Assert.Equal([true, true, false], admitted);
        var (status, contentType, json) = Read(refused);
        Assert.Equal((HttpStatusCode.TooManyRequests, "application/problem+json"), (status, contentType));
        Assert.Equal(TooManyRequests.RateLimitTitle, json.GetProperty("title").GetString());
        Assert.Contains(ApiRateLimitOptions.Section, json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(int.Parse(refused.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);

        Assert.True(await limiter.AdmitAsync(NewContext(app, "/api/jobs"), Tenant("tenant-b")));
        Assert.True(await limiter.AdmitAsync(NewContext(app, "/api/health"), tenant: null));
    }

    private static TenantContext Tenant(string tenantId)
    {
        var tenant = new TenantContext();
        tenant.Set(tenantId);
        return tenant;
    }

    private static DefaultHttpContext NewContext(FunctionsServices app, string path)
    {
        var http = new DefaultHttpContext { RequestServices = app.Services.CreateScope().ServiceProvider };
        http.Request.Method = HttpMethods.Get;
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static (HttpStatusCode Status, string? ContentType, JsonElement Json) Read(DefaultHttpContext http)
    {
        using var document = JsonDocument.Parse(((MemoryStream)http.Response.Body).ToArray());
        return ((HttpStatusCode)http.Response.StatusCode, http.Response.ContentType?.Split(';')[0], document.RootElement.Clone());
    }
}
