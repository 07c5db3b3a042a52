using CatalogForge.Api.Tenancy;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tenancy;

/// <summary>
/// Authenticates a request by its <c>x-api-key</c> header. Runs before model binding, so an unauthenticated
/// request never has its body read. A success puts the tenant id into <see cref="TenantContext"/> and into the
/// <see cref="ApiKeyDefaults.TenantIdClaim"/> claim; a challenge answers 401 ProblemDetails with
/// <c>WWW-Authenticate: ApiKey</c>, or 429 with <c>Retry-After</c> when the caller's address is throttled for bad keys.
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
    private TimeSpan? _throttledFor;

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

        var client = Context.Connection.RemoteIpAddress?.ToString() ?? TenantResolver.UnknownClient;
        var resolution = await resolver.ResolveAsync(values[0]!.Trim(), client, Context.RequestAborted);
        switch (resolution.Outcome)
        {
            case KeyResolutionOutcome.Throttled:
                LogThrottled(Logger, client, Request.Path);
                _throttledFor = resolution.RetryAfter;
                return AuthenticateResult.Fail("Too many failed API key attempts.");
            case KeyResolutionOutcome.Rejected when resolution.Key is { } key:
                LogRejectedKey(Logger, key.KeyId, key.TenantId, key.StatusAt(TimeProvider.GetUtcNow()), Request.Path);
                return AuthenticateResult.Fail("The API key is not valid.");
            case KeyResolutionOutcome.Rejected:
                LogUnknownKey(Logger, Request.Path);
                return AuthenticateResult.Fail("The API key is not valid.");
        }

        tenant.Set(resolution.TenantId!);
        var identity = new ClaimsIdentity([new Claim(ApiKeyDefaults.TenantIdClaim, resolution.TenantId!)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_throttledFor is { } retryAfter)
        {
            return AuthProblems.WriteThrottledAsync(problemDetails, Context, retryAfter);
        }

        var values = Request.Headers[ApiKeyDefaults.HeaderName];
        return AuthProblems.WriteApiKeyUnauthorizedAsync(problemDetails, Context, missing: values.Count == 0 || string.IsNullOrWhiteSpace(values[0]));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Rejected an unknown API key for {Path}")]
    private static partial void LogUnknownKey(ILogger logger, PathString path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Rejected API key {KeyId} of tenant {TenantId} ({Status}) for {Path}")]
    private static partial void LogRejectedKey(ILogger logger, string keyId, string tenantId, Core.Tenancy.ApiKeyStatus status, PathString path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Refused a key from {Client} for {Path}: too many failed attempts")]
    private static partial void LogThrottled(ILogger logger, string client, PathString path);
}
