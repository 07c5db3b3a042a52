using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Net.Http.Headers;

namespace CatalogForge.Functions.Http;

/// <summary>
/// API-key tenancy for HTTP triggers, as in the Server: the <c>x-api-key</c> header is resolved to a tenant by the same
/// <see cref="TenantResolver"/> (hashed lookup, short cache) before the function runs; a missing or unknown key gets the
/// Server's 401 ProblemDetails with <c>WWW-Authenticate: ApiKey</c>, and the function never runs (its body is never
/// read). Health and readiness are anonymous.
/// </summary>
public sealed partial class ApiKeyTenancyMiddleware(TenantResolver resolver, IProblemDetailsService problemDetails, ILogger<ApiKeyTenancyMiddleware> logger)
    : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } httpContext || HealthFunctions.Anonymous.Contains(context.FunctionDefinition.Name))
        {
            await next(context);
            return;
        }

        var values = httpContext.Request.Headers[ApiKeyDefaults.HeaderName];
        var key = values.Count == 1 ? values[0]?.Trim() : null;
        var tenantId = string.IsNullOrEmpty(key) ? null : await resolver.ResolveAsync(key, httpContext.RequestAborted);
        if (tenantId is null)
        {
            LogRejected(logger, context.FunctionDefinition.Name, values.Count == 0 ? "missing" : "unknown");
            await ChallengeAsync(httpContext, missing: values.Count == 0 || string.IsNullOrWhiteSpace(values[0]));
            return;
        }

        context.InstanceServices.GetRequiredService<TenantContext>().Set(tenantId);
        await next(context);
    }

    private async Task ChallengeAsync(HttpContext httpContext, bool missing)
    {
        httpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
        httpContext.Response.Headers[HeaderNames.WWWAuthenticate] = ApiKeyDefaults.Scheme;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = missing ? ApiKeyDefaults.MissingKeyTitle : ApiKeyDefaults.InvalidKeyTitle,
                Detail = ApiKeyDefaults.KeyDetail,
            },
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Rejected a call to {Function}: API key {Reason}")]
    private static partial void LogRejected(ILogger logger, string function, string reason);
}
