using CatalogForge.Api.Tenancy;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CatalogForge.Server.Tenancy;

/// <summary>
/// Authenticates a request by its <c>x-api-key</c> header. Runs before model binding, so an unauthenticated
/// request never has its body read. A success puts the tenant id into <see cref="TenantContext"/> and into the
/// <see cref="ApiKeyDefaults.TenantIdClaim"/> claim; a challenge answers 401 ProblemDetails with
/// <c>WWW-Authenticate: ApiKey</c>.
/// </summary>
public sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TenantResolver resolver,
    TenantContext tenant,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Context.GetEndpoint() is not { } endpoint || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            // Unmatched routes, health probes and other anonymous routes never pay for a key lookup.
            return AuthenticateResult.NoResult();
        }

        var values = Request.Headers[ApiKeyDefaults.HeaderName];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count > 1)
        {
            return AuthenticateResult.Fail("More than one API key was sent.");
        }

        var tenantId = await resolver.ResolveAsync(values[0]!.Trim(), Context.RequestAborted);
        if (tenantId is null)
        {
            LogUnknownKey(Logger, Request.Path);
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        tenant.Set(tenantId);
        var identity = new ClaimsIdentity([new Claim(ApiKeyDefaults.TenantIdClaim, tenantId)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var values = Request.Headers[ApiKeyDefaults.HeaderName];
        var missing = values.Count == 0 || string.IsNullOrWhiteSpace(values[0]);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = ApiKeyDefaults.Scheme;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = missing ? ApiKeyDefaults.MissingKeyTitle : ApiKeyDefaults.InvalidKeyTitle,
                Detail = ApiKeyDefaults.KeyDetail,
            },
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Rejected an unknown API key for {Path}")]
    private static partial void LogUnknownKey(ILogger logger, PathString path);
}
