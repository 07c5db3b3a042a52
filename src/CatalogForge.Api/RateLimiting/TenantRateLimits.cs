using System.Threading.RateLimiting;
using CatalogForge.Api.Errors;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CatalogForge.Api.RateLimiting;

/// <summary>
/// The per-tenant request rate limit of both hosts, partitioned by the tenant authentication put on the request
/// (<see cref="TenantContext"/>): the Server through ASP.NET Core's rate limiting middleware, the Functions app through
/// its worker middleware over <see cref="ForTenants"/>. A refused request gets 429 ProblemDetails with <c>Retry-After</c>.
/// </summary>
public static class TenantRateLimits
{
    /// <summary>Binds and validates <see cref="ApiRateLimitOptions"/> and registers the Server's limiter (used by <see cref="UseTenantRateLimiting"/>).</summary>
    public static IServiceCollection AddTenantRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>()
            .BindConfiguration(ApiRateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ApiRateLimitOptions>>((limiter, settings) =>
        {
            var options = settings.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(httpContext =>
                options.Enabled && TenantOf(httpContext) is { } tenantId
                    ? RateLimitPartition.GetTokenBucketLimiter(tenantId, _ => options.ToTokenBucket())
                    : RateLimitPartition.GetNoLimiter(string.Empty));
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease, options);
        });
        return services;
    }

    /// <summary>After authentication and authorization, so the tenant is known (the Server's <c>Program</c>).</summary>
    public static IApplicationBuilder UseTenantRateLimiting(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>One token bucket per tenant id, for hosts that acquire themselves (the Functions app's middleware).</summary>
    public static PartitionedRateLimiter<string> ForTenants(ApiRateLimitOptions options) =>
        PartitionedRateLimiter.Create<string, string>(tenantId => RateLimitPartition.GetTokenBucketLimiter(tenantId, _ => options.ToTokenBucket()));

    /// <summary>429 ProblemDetails naming the limit, with <c>Retry-After</c> from the lease (or one replenishment period).</summary>
    public static async ValueTask RejectAsync(HttpContext httpContext, RateLimitLease lease, ApiRateLimitOptions options)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.ReplenishmentPeriod;
        var problem = TooManyRequests.ForRateLimit(httpContext, ApiRateLimitOptions.Section, retryAfter);
        httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TenantRateLimits))
            .LogInformation("Rate-limited {Method} {Path} of tenant {TenantId}; retry after {RetryAfter}",
                httpContext.Request.Method, httpContext.Request.Path, TenantOf(httpContext), retryAfter);
        await httpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static string? TenantOf(HttpContext httpContext) =>
        httpContext.RequestServices.GetService<TenantContext>() is { IsResolved: true } tenant ? tenant.TenantId : null;
}
