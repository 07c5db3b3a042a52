using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CatalogForge.Api.Tenancy;

/// <summary>The 401, 403 and 429 answers of authentication, written the same way by both hosts.</summary>
public static class AuthProblems
{
    /// <summary>401 with a <c>WWW-Authenticate</c> challenge.</summary>
    public static Task WriteUnauthorizedAsync(
        IProblemDetailsService problemDetails, HttpContext context, string challenge, string title, string detail)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = challenge;
        return WriteAsync(problemDetails, context, StatusCodes.Status401Unauthorized, title, detail);
    }

    /// <summary>401 for a missing or invalid <c>x-api-key</c>.</summary>
    public static Task WriteApiKeyUnauthorizedAsync(IProblemDetailsService problemDetails, HttpContext context, bool missing) =>
        WriteUnauthorizedAsync(
            problemDetails, context, ApiKeyDefaults.Scheme,
            missing ? ApiKeyDefaults.MissingKeyTitle : ApiKeyDefaults.InvalidKeyTitle, ApiKeyDefaults.KeyDetail);

    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static Task WriteThrottledAsync(IProblemDetailsService problemDetails, HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
        return WriteAsync(problemDetails, context, StatusCodes.Status429TooManyRequests, ApiKeyDefaults.ThrottledTitle, ApiKeyDefaults.ThrottledDetail);
    }

    /// <summary>403 for an authenticated identity without a CatalogForge tenant.</summary>
    public static Task WriteNoTenantAsync(IProblemDetailsService problemDetails, HttpContext context) =>
        WriteAsync(problemDetails, context, StatusCodes.Status403Forbidden, ApiKeyDefaults.NoTenantTitle, ApiKeyDefaults.NoTenantDetail);

    private static async Task WriteAsync(IProblemDetailsService problemDetails, HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
