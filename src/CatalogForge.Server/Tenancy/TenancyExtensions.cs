using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tenancy;

public static class TenancyExtensions
{
    /// <summary>The scheme tenant routes authenticate with: it forwards to the API key or the Entra bearer scheme.</summary>
    public const string TenantScheme = "Tenant";

    /// <summary>
    /// Authentication and the tenant policy: an <c>x-api-key</c> (<see cref="ApiKeyAuthenticationHandler"/>), or, when
    /// <c>Auth:Entra:Enabled</c>, an <c>Authorization: Bearer</c> Entra ID token (<see cref="EntraBearerEvents"/>). A
    /// request with an <c>x-api-key</c> header always goes the key's way. The key cache, <see cref="TenantResolver"/> and the
    /// per-request <see cref="TenantContext"/> come from <c>AddCatalogForgeApi</c>.
    /// </summary>
    public static IHostApplicationBuilder AddApiKeyTenancy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EntraOptions>()
            .BindConfiguration(EntraOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EntraOptions>, TenantClaimOptionsValidation<EntraOptions>>();
        builder.Services.AddScoped<EntraBearerEvents>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<EntraOptions>>((jwt, entra) => ConfigureBearer(jwt, entra.Value));

        // The tenant policy names the forwarding scheme, so tenant routes authenticate through it; the key handler itself
        // skips unmatched and [AllowAnonymous] routes (health, readiness), which never touch the tenant directory.
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, configureOptions: null)
            .AddJwtBearer()
            .AddPolicyScheme(TenantScheme, displayName: null, options => options.ForwardDefaultSelector = SelectScheme);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.TenantPolicy, policy => policy
                .AddAuthenticationSchemes(TenantScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyDefaults.TenantIdClaim));
        return builder;
    }

    private static string SelectScheme(HttpContext context)
    {
        var bearer = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        return bearer
            && !context.Request.Headers.ContainsKey(ApiKeyDefaults.HeaderName)
            && context.RequestServices.GetRequiredService<IOptions<EntraOptions>>().Value.Enabled
            ? JwtBearerDefaults.AuthenticationScheme
            : ApiKeyDefaults.Scheme;
    }

    private static void ConfigureBearer(JwtBearerOptions jwt, EntraOptions entra)
    {
        jwt.Authority = entra.Enabled ? entra.Authority : null;
        jwt.MapInboundClaims = false;
        jwt.EventsType = typeof(EntraBearerEvents);
        jwt.TokenValidationParameters.ValidAudiences = entra.Audiences;
        if (entra.ValidIssuers.Count > 0)
        {
            jwt.TokenValidationParameters.ValidIssuers = entra.ValidIssuers;
        }
    }
}
