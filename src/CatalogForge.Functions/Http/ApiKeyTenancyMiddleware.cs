using CatalogForge.Api.Tenancy;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;

namespace CatalogForge.Functions.Http;

/// <summary>
/// Tenancy for HTTP triggers, as in the Server: the <c>x-api-key</c> header is resolved to a tenant by the same
/// <see cref="TenantResolver"/> (hashed lookup, bounded cache, failed-attempt throttle) before the function runs. A
/// missing or unknown key gets the Server's 401 ProblemDetails with <c>WWW-Authenticate: ApiKey</c>, a throttled client
/// 429 with <c>Retry-After</c>, and the function never runs (its body is never read). With <c>Auth:EasyAuth:Enabled</c>,
/// a request without a key may instead carry App Service's <c>X-MS-CLIENT-PRINCIPAL</c>, whose tenant claim is mapped
/// (403 when it maps to no tenant). Health and readiness are anonymous.
/// </summary>
public sealed partial class ApiKeyTenancyMiddleware(
    TenantResolver resolver, IOptions<EasyAuthOptions> easyAuth, IProblemDetailsService problemDetails, ILogger<ApiKeyTenancyMiddleware> logger)
    : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } httpContext || HealthFunctions.Anonymous.Contains(context.FunctionDefinition.Name))
        {
            await next(context);
            return;
        }

        var tenantId = await AuthenticateAsync(httpContext, context.FunctionDefinition.Name);
        if (tenantId is not null)
        {
            context.InstanceServices.GetRequiredService<TenantContext>().Set(tenantId);
            await next(context);
        }
    }

    /// <summary>The request's tenant, or null when the answer (401, 403 or 429) has been written.</summary>
    private async Task<string?> AuthenticateAsync(HttpContext httpContext, string function)
    {
        var values = httpContext.Request.Headers[ApiKeyDefaults.HeaderName];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            if (easyAuth.Value.Enabled && httpContext.Request.Headers.ContainsKey(EasyAuthPrincipal.HeaderName))
            {
                return await PrincipalTenantAsync(httpContext, function);
            }

            LogRejected(logger, function, "missing");
            await AuthProblems.WriteApiKeyUnauthorizedAsync(problemDetails, httpContext, missing: true);
            return null;
        }

        if (values.Count > 1)
        {
            LogRejected(logger, function, "sent more than once");
            await AuthProblems.WriteApiKeyUnauthorizedAsync(problemDetails, httpContext, missing: false);
            return null;
        }

        var client = ClientAddress(httpContext);
        var resolution = await resolver.ResolveAsync(values[0]!.Trim(), client, httpContext.RequestAborted);
        switch (resolution.Outcome)
        {
            case KeyResolutionOutcome.Resolved:
                return resolution.TenantId;
            case KeyResolutionOutcome.Throttled:
                LogThrottled(logger, function, client);
                await AuthProblems.WriteThrottledAsync(problemDetails, httpContext, resolution.RetryAfter);
                return null;
            default:
                LogRejected(logger, function, resolution.Key is { } key ? $"{key.KeyId} of tenant {key.TenantId} is not active" : "unknown");
                await AuthProblems.WriteApiKeyUnauthorizedAsync(problemDetails, httpContext, missing: false);
                return null;
        }
    }

    private async Task<string?> PrincipalTenantAsync(HttpContext httpContext, string function)
    {
        var claims = EasyAuthPrincipal.Parse(httpContext.Request.Headers[EasyAuthPrincipal.HeaderName].ToString());
        if (claims is null)
        {
            LogRejected(logger, function, "none, and the App Service principal header is unreadable");
            await AuthProblems.WriteApiKeyUnauthorizedAsync(problemDetails, httpContext, missing: false);
            return null;
        }

        var tenantId = easyAuth.Value.TenantFor(claims);
        if (tenantId is null)
        {
            LogNoTenant(logger, function, easyAuth.Value.TenantClaim);
            await AuthProblems.WriteNoTenantAsync(problemDetails, httpContext);
        }

        return tenantId;
    }

    /// <summary>
    /// The caller's address: the last <c>X-Forwarded-For</c> entry (the one App Service's front end appended; earlier
    /// ones are whatever the client sent), without its port; else the connection's address.
    /// </summary>
    internal static string ClientAddress(HttpContext httpContext)
    {
        var forwarded = httpContext.Request.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (last is not null)
        {
            return System.Net.IPEndPoint.TryParse(last, out var endpoint) ? endpoint.Address.ToString() : last;
        }

        return httpContext.Connection.RemoteIpAddress?.ToString() ?? TenantResolver.UnknownClient;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Rejected a call to {Function}: API key {Reason}")]
    private static partial void LogRejected(ILogger logger, string function, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Refused a call to {Function} from {Client}: too many failed key attempts")]
    private static partial void LogThrottled(ILogger logger, string function, string client);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Refused a call to {Function}: the App Service principal's {Claim} maps to no tenant")]
    private static partial void LogNoTenant(ILogger logger, string function, string claim);
}
