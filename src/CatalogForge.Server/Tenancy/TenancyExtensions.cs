using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Authentication;

namespace CatalogForge.Server.Tenancy;

public static class TenancyExtensions
{
    /// <summary>API-key authentication, the tenant policy, the key cache and the per-request <see cref="TenantContext"/>.</summary>
    public static IHostApplicationBuilder AddApiKeyTenancy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<TenantContext>();
        builder.Services.AddSingleton<TenantResolver>();

        // The tenant policy names the scheme, so tenant routes authenticate through it; the handler itself
        // skips unmatched and [AllowAnonymous] routes (health, readiness), which never touch the tenant directory.
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, configureOptions: null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.TenantPolicy, policy => policy
                .AddAuthenticationSchemes(ApiKeyDefaults.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(ApiKeyDefaults.TenantIdClaim));
        return builder;
    }

    /// <summary>Every route in the group needs a valid <c>x-api-key</c>; missing or unknown keys get 401.</summary>
    public static TBuilder RequireTenant<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(ApiKeyDefaults.TenantPolicy);
}
