using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Authentication;

namespace CatalogForge.Server.Tenancy;

public static class TenancyExtensions
{
    /// <summary>
    /// API-key authentication and the tenant policy. The key cache, <see cref="TenantResolver"/> and the per-request
    /// <see cref="TenantContext"/> come from <c>AddCatalogForgeApi</c>.
    /// </summary>
    public static IHostApplicationBuilder AddApiKeyTenancy(this IHostApplicationBuilder builder)
    {
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
}
