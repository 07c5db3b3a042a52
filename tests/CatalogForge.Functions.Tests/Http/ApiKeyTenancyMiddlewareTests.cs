using System.Net;
using System.Text;
using System.Text.Json;
using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Tenancy;
using CatalogForge.Functions.Http;
using CatalogForge.Functions.Tests.Support;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace CatalogForge.Functions.Tests.Http;

/// <summary>The worker middleware in process, over the real TenantResolver and Azurite: API keys, the throttle, and App Service principals.</summary>
public sealed class ApiKeyTenancyMiddlewareTests(AzuriteFixture azurite)
{
    private const string Directory = "44444444-4444-4444-4444-444444444444";

    [Fact]
    public async Task A_valid_key_runs_the_function_as_its_tenant()
    {
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await CreateTenantAsync(app);

        var call = await InvokeAsync(app, "ListJobs", request => request.Headers[ApiKeyDefaults.HeaderName] = tenant.ApiKey);

        Assert.Equal(tenant.TenantId, call.TenantId);
    }

    [Fact]
    public async Task An_unknown_key_is_401_and_the_function_never_runs()
    {
        await using var app = await FunctionsServices.StartAsync(azurite);

        var call = await InvokeAsync(app, "ListJobs", request => request.Headers[ApiKeyDefaults.HeaderName] = "cfk_unknown-" + Guid.NewGuid());

        Assert.Null(call.TenantId);
        Assert.Equal(HttpStatusCode.Unauthorized, call.Status);
        Assert.Equal(ApiKeyDefaults.InvalidKeyTitle, call.Body.GetProperty("title").GetString());
        Assert.Equal(ApiKeyDefaults.Scheme, call.Headers["WWW-Authenticate"].ToString());
    }

    [Fact]
    public async Task A_revoked_key_is_401()
    {
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = await CreateTenantAsync(app);
        var keys = app.Services.GetRequiredService<IApiKeyDirectory>();
        var keyId = Assert.Single(await keys.ListAsync(tenant.TenantId, TestContext.Current.CancellationToken)).KeyId;
        await keys.RevokeAsync(tenant.TenantId, keyId, TestContext.Current.CancellationToken);

        var call = await InvokeAsync(app, "ListJobs", request => request.Headers[ApiKeyDefaults.HeaderName] = tenant.ApiKey);

        Assert.Equal((HttpStatusCode.Unauthorized, (string?)null), (call.Status, call.TenantId));
    }

    [Fact]
    public async Task A_client_over_its_failed_attempt_limit_gets_429_with_Retry_After()
    {
        await using var app = await FunctionsServices.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["Auth:ApiKeys:FailedAttemptLimit"] = "2",
            ["Auth:ApiKeys:FailedAttemptWindow"] = "00:05:00",
        });
        var tenant = await CreateTenantAsync(app);
        void From(HttpRequest request, string key)
        {
            request.Headers[ApiKeyDefaults.HeaderName] = key;
            request.Headers["X-Forwarded-For"] = "198.51.100.7:50123";
        }

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await InvokeAsync(app, "ListJobs", r => From(r, $"cfk_guess-{Guid.NewGuid():N}"))).Status);
        }

        var throttled = await InvokeAsync(app, "ListJobs", r => From(r, $"cfk_guess-{Guid.NewGuid():N}"));
        var otherClient = await InvokeAsync(app, "ListJobs", request => request.Headers[ApiKeyDefaults.HeaderName] = tenant.ApiKey);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal(ApiKeyDefaults.ThrottledTitle, throttled.Body.GetProperty("title").GetString());
        Assert.InRange(int.Parse(throttled.Headers["Retry-After"].ToString(), System.Globalization.CultureInfo.InvariantCulture), 1, 300);
        Assert.Equal(tenant.TenantId, otherClient.TenantId);
    }

    [Fact]
    public async Task An_App_Service_principal_header_grants_nothing_unless_EasyAuth_is_enabled()
    {
        await using var app = await FunctionsServices.StartAsync(azurite, EasyAuthSettings("forged-tenant-000000", enabled: false));

        var call = await InvokeAsync(app, "ListJobs", request => request.Headers[EasyAuthPrincipal.HeaderName] = Principal(Directory));

        Assert.Null(call.TenantId);
        Assert.Equal(HttpStatusCode.Unauthorized, call.Status);
        Assert.Equal(ApiKeyDefaults.MissingKeyTitle, call.Body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task With_EasyAuth_a_principal_runs_as_its_mapped_tenant_and_an_unmapped_one_is_403()
    {
        await using var app = await FunctionsServices.StartAsync(azurite, EasyAuthSettings("mapped-tenant-000000", enabled: true));

        var mapped = await InvokeAsync(app, "ListJobs", request => request.Headers[EasyAuthPrincipal.HeaderName] = Principal(Directory));
        var unmapped = await InvokeAsync(app, "ListJobs", request => request.Headers[EasyAuthPrincipal.HeaderName] = Principal(Guid.NewGuid().ToString()));
        var garbage = await InvokeAsync(app, "ListJobs", request => request.Headers[EasyAuthPrincipal.HeaderName] = "not base64 {");

        Assert.Equal("mapped-tenant-000000", mapped.TenantId);
        Assert.Equal((HttpStatusCode.Forbidden, (string?)null), (unmapped.Status, unmapped.TenantId));
        Assert.Equal(ApiKeyDefaults.NoTenantTitle, unmapped.Body.GetProperty("title").GetString());
        Assert.Equal((HttpStatusCode.Unauthorized, (string?)null), (garbage.Status, garbage.TenantId));
    }

    [Fact]
    public async Task Health_runs_without_a_key()
    {
        await using var app = await FunctionsServices.StartAsync(azurite);

        var call = await InvokeAsync(app, "Health", _ => { });

        Assert.True(call.Ran);
    }

    [Theory]
    [InlineData("203.0.113.9, 198.51.100.7:50123", "198.51.100.7")]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("[2001:db8::1]:443", "2001:db8::1")]
    [InlineData("", "unknown")]
    public void The_client_is_the_last_forwarded_address_without_its_port(string forwarded, string expected)
    {
        var http = new DefaultHttpContext();
        if (forwarded.Length > 0)
        {
            http.Request.Headers["X-Forwarded-For"] = forwarded;
        }

        Assert.Equal(expected, ApiKeyTenancyMiddleware.ClientAddress(http));
    }

    private static Dictionary<string, string?> EasyAuthSettings(string tenantId, bool enabled) => new()
    {
        ["Auth:EasyAuth:Enabled"] = enabled ? "true" : "false",
        [$"Auth:EasyAuth:Tenants:{Directory}"] = tenantId,
    };

    private static string Principal(string directory) => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        $$"""{"auth_typ":"aad","claims":[{"typ":"{{EasyAuthOptions.DirectoryIdClaim}}","val":"{{directory}}"},{"typ":"name","val":"A User"}],"name_typ":"name","role_typ":"roles"}"""));

    private static Task<CreatedTenant> CreateTenantAsync(FunctionsServices app) =>
        app.Services.GetRequiredService<ITenantDirectory>().CreateAsync($"functions-auth-{Guid.NewGuid():N}", TestContext.Current.CancellationToken);

    private sealed record Call(bool Ran, string? TenantId, HttpStatusCode Status, IHeaderDictionary Headers, JsonElement Body);

    /// <summary>Runs the middleware as the worker would for an HTTP trigger named <paramref name="function"/>.</summary>
    private static async Task<Call> InvokeAsync(FunctionsServices app, string function, Action<HttpRequest> request)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = HttpMethods.Get;
        http.Request.Path = "/api/jobs";
        request(http.Request);
        var body = new MemoryStream();
        http.Response.Body = body;
        var definition = Substitute.For<FunctionDefinition>();
        definition.Name.Returns(function);
        var context = Substitute.For<FunctionContext>();
        context.FunctionDefinition.Returns(definition);
        context.Items.Returns(new Dictionary<object, object> { ["HttpRequestContext"] = http });
        context.InstanceServices.Returns(scope.ServiceProvider);
        var ran = false;

        var middleware = ActivatorUtilities.CreateInstance<ApiKeyTenancyMiddleware>(scope.ServiceProvider);
        await middleware.Invoke(context, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        Assert.Equal(ran, tenant.IsResolved || function == "Health");
        var json = body.Length > 0 ? JsonDocument.Parse(body.ToArray()).RootElement.Clone() : default;
        return new Call(ran, tenant.IsResolved ? tenant.TenantId : null, (HttpStatusCode)http.Response.StatusCode, http.Response.Headers, json);
    }
}
