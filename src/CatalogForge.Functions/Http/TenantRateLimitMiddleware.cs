using System.Threading.RateLimiting;
using CatalogForge.Api.RateLimiting;
using CatalogForge.Api.Tenancy;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;

namespace CatalogForge.Functions.Http;

/// <summary>
/// The Server's per-tenant request rate limit (<c>Api:RateLimit</c>) for HTTP triggers, after API-key tenancy: see
/// <see cref="TenantRequestLimiter"/>. Other triggers pass.
/// </summary>
public sealed class TenantRateLimitMiddleware(TenantRequestLimiter limiter) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } httpContext
            || await limiter.AdmitAsync(httpContext, context.InstanceServices.GetService<TenantContext>()))
        {
            await next(context);
        }
    }
}

/// <summary>
/// The Functions app's token buckets, one per tenant, for the life of the worker. A request of a resolved tenant takes a
/// token from that tenant's bucket; without one it gets the Server's 429 ProblemDetails with <c>Retry-After</c>, and the
/// function never runs. Requests without a tenant (anonymous functions) are not limited.
/// </summary>
public sealed class TenantRequestLimiter(IOptions<ApiRateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = TenantRateLimits.ForTenants(options.Value);

    /// <summary>True when the request may go on; false when the 429 answer was written.</summary>
    public async Task<bool> AdmitAsync(HttpContext httpContext, TenantContext? tenant)
    {
        if (!options.Value.Enabled || tenant is not { IsResolved: true })
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(tenant.TenantId);
        if (lease.IsAcquired)
        {
            return true;
        }

        await TenantRateLimits.RejectAsync(httpContext, lease, options.Value);
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
