using System.Globalization;
using CatalogForge.Core.Jobs;
using Microsoft.AspNetCore.Mvc;

namespace CatalogForge.Api.Errors;

/// <summary>
/// The API's 429 answers, in both hosts: a tenant cap (<see cref="TenantCapExceededException"/>, nothing written) and the
/// per-tenant request rate limit. Each names the setting that limits, and <c>Retry-After</c> says when to try again.
/// </summary>
public static class TooManyRequests
{
    public const string CapType = "urn:catalogforge:problem:tenant-cap";
    public const string CapTitle = "The tenant is at a cap";
    public const string RateLimitType = "urn:catalogforge:problem:rate-limited";
    public const string RateLimitTitle = "Too many requests";

    public static ProblemDetails ForCap(HttpContext httpContext, TenantCapExceededException cap)
    {
        SetRetryAfter(httpContext, cap.RetryAfter);
        return new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Type = CapType,
            Title = CapTitle,
            Detail = cap.Describe(),
            Extensions = { ["cap"] = cap.Setting, ["limit"] = cap.Limit, ["current"] = cap.Current },
        };
    }

    public static ProblemDetails ForRateLimit(HttpContext httpContext, string setting, TimeSpan retryAfter)
    {
        SetRetryAfter(httpContext, retryAfter);
        return new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Type = RateLimitType,
            Title = RateLimitTitle,
            Detail = $"The tenant sent more requests than {setting} allows. Nothing was done: retry after the Retry-After delay.",
            Extensions = { ["limit"] = setting },
        };
    }

    /// <summary>Whole seconds, rounded up, at least one.</summary>
    public static void SetRetryAfter(HttpContext httpContext, TimeSpan retryAfter)
    {
        httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    }
}
