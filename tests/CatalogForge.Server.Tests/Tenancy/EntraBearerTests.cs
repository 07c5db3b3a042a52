using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CatalogForge.Core.Domain;
using CatalogForge.Server.Tenancy;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CatalogForge.Server.Tests.Tenancy;

/// <summary>
/// Microsoft Entra ID bearer tokens next to API keys, with tokens signed in the test by its own RSA key: the bearer
/// scheme gets that key and issuer as its (static) OpenID configuration, so nothing goes to the network.
/// </summary>
public sealed class EntraBearerTests(AzuriteFixture azurite) : IDisposable
{
    private const string Issuer = "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0";
    private const string Audience = "api://catalogforge-test";
    private const string MappedDirectory = "22222222-2222-2222-2222-222222222222";

    private readonly RSA _rsa = RSA.Create(2048);

    [Fact]
    public async Task A_valid_token_sees_its_mapped_tenants_data_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, _, ownerClient) = await StartAsync();
        await using var running = env;
        var (_, otherClient) = await env.CreateTenantClientAsync("entra-other");
        var ownJob = await ownerClient.SubmitJobAsync(Payloads.Generate(1, Guid.NewGuid().ToString("N")), ct);
        var otherJob = await otherClient.SubmitJobAsync(Payloads.Generate(1, Guid.NewGuid().ToString("N")), ct);
        using var bearer = BearerClient(env, Token());

        var listed = await bearer.GetStringAsync("/api/jobs", ct);
        using var own = await bearer.GetAsync($"/api/jobs/{ownJob.JobId}", ct);
        using var foreign = await bearer.GetAsync($"/api/jobs/{otherJob.JobId}", ct);

        Assert.Contains(ownJob.JobId, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(otherJob.JobId, listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        await Problem.ReadAsync(foreign, HttpStatusCode.NotFound, ct);
        Assert.Equal(JobStatus.Completed, (await ownerClient.WaitForJobAsync(ownJob.JobId, ct)).Status);
        Assert.Equal(JobStatus.Completed, (await otherClient.WaitForJobAsync(otherJob.JobId, ct)).Status);
    }

    public static TheoryData<string> InvalidTokens => ["expired", "wrong-audience", "wrong-issuer", "wrong-key", "not-a-jwt"];

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task An_invalid_token_is_401_with_a_Bearer_challenge(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, _, _) = await StartAsync();
        await using var running = env;
        var now = DateTime.UtcNow;
        using var otherKey = RSA.Create(2048);
        var token = kind switch
        {
            "expired" => Token(notBefore: now.AddHours(-2), expires: now.AddHours(-1)),
            "wrong-audience" => Token(audience: "api://someone-else"),
            "wrong-issuer" => Token(issuer: "https://login.microsoftonline.com/33333333-3333-3333-3333-333333333333/v2.0"),
            "wrong-key" => Token(key: new RsaSecurityKey(otherKey) { KeyId = "test-key" }),
            _ => "not.a.jwt",
        };
        using var client = BearerClient(env, token);

        using var response = await client.GetAsync("/api/jobs", ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, ct);
        Assert.Equal(EntraBearerEvents.InvalidTokenTitle, problem.Title);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.DoesNotContain(token, problem.Raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("99999999-9999-9999-9999-999999999999")]
    public async Task A_valid_token_without_a_mapped_tenant_claim_is_403(string? directory)
    {
        var ct = TestContext.Current.CancellationToken;
        var (env, owner, _) = await StartAsync();
        await using var running = env;
        // A token that carries CatalogForge's own tenant claim is not trusted with it.
        var claims = new Dictionary<string, object> { ["catalogforge:tenant_id"] = owner };
        if (directory is not null)
        {
            claims["tid"] = directory;
        }

        using var client = BearerClient(env, Token(claims: claims));

        using var response = await client.GetAsync("/api/jobs", ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Forbidden, ct);
        Assert.Equal("The identity is not mapped to a tenant", problem.Title);
    }

    [Fact]
    public async Task Without_Entra_a_bearer_token_is_not_a_way_in()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        using var client = BearerClient(env, Token());

        using var response = await client.GetAsync("/api/jobs", ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, ct);
        Assert.Equal("An API key is required", problem.Title);
    }

    [Theory]
    [InlineData("Auth:Entra:Authority", "http://login.example/v2.0", "Auth:Entra:Authority")]
    [InlineData("Auth:Entra:Audiences:0", "", "Auth:Entra:Audiences")]
    [InlineData("Auth:Entra:Tenants:" + MappedDirectory, "Not A Tenant", "Auth:Entra:Tenants")]
    public async Task Bad_Entra_settings_stop_the_Server_at_start_naming_the_setting(string key, string value, string expected)
    {
        var logs = new CapturingLoggerProvider();
        var settings = EntraSettings("some-tenant-000000");
        settings[key] = value;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: settings,
            configureTestServices: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains(expected, FailedStart.ValidationOf(env, logs).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _rsa.Dispose();

    /// <summary>A Server with Entra on, mapping <see cref="MappedDirectory"/> to a tenant created first, and that tenant's API key client.</summary>
    private async Task<(ServerTestEnvironment Env, string TenantId, HttpClient KeyClient)> StartAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        // The tenant id goes into the Server's settings, so the tenant is made before the Server, as the CLI would.
        var (tenantId, _, apiKey) = await (await TenantStore.OpenAsync(azurite)).Tenants.CreateAsync($"entra-{Guid.NewGuid():N}", ct);

        var key = new RsaSecurityKey(_rsa) { KeyId = "test-key" };
        var env = await ServerTestEnvironment.StartAsync(azurite, settings: EntraSettings(tenantId),
            configureTestServices: services => services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                configuration.SigningKeys.Add(key);
                jwt.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
            }));
        return (env, tenantId, env.Server.CreateClient(apiKey));
    }

    private static Dictionary<string, string?> EntraSettings(string tenantId) => new()
    {
        ["Auth:Entra:Enabled"] = "true",
        ["Auth:Entra:Authority"] = Issuer,
        ["Auth:Entra:Audiences:0"] = Audience,
        ["Auth:Entra:TenantClaim"] = "tid",
        [$"Auth:Entra:Tenants:{MappedDirectory}"] = tenantId,
    };

    private string Token(
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = null,
        SecurityKey? key = null,
        Dictionary<string, object>? claims = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = notBefore ?? now.AddMinutes(-1),
            IssuedAt = notBefore ?? now.AddMinutes(-1),
            Expires = expires ?? now.AddHours(1),
            Claims = claims ?? new Dictionary<string, object> { ["tid"] = MappedDirectory, ["sub"] = "test-user" },
            SigningCredentials = new SigningCredentials(key ?? new RsaSecurityKey(_rsa) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static HttpClient BearerClient(ServerTestEnvironment env, string token)
    {
        var client = env.Server.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
