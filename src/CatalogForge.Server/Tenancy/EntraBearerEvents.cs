using System.Security.Claims;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tenancy;

/// <summary>
/// What the Entra bearer scheme adds to token validation: a valid token's tenant claim is mapped to a CatalogForge
/// tenant (into <see cref="TenantContext"/> and the <see cref="ApiKeyDefaults.TenantIdClaim"/> claim, after removing any
/// such claim the token itself carried); without one the tenant policy forbids the request (403). A missing, expired or
/// otherwise invalid token is 401. Both answers are ProblemDetails; neither names the token or why it failed beyond
/// the log.
/// </summary>
public sealed partial class EntraBearerEvents(
    IOptionsMonitor<EntraOptions> options, TenantContext tenant, IProblemDetailsService problemDetails, ILogger<EntraBearerEvents> logger)
    : JwtBearerEvents
{
    public const string InvalidTokenTitle = "The bearer token is not valid";

    public const string InvalidTokenDetail = "Send a valid, unexpired Microsoft Entra ID access token for this API in the Authorization header.";

    public override Task TokenValidated(TokenValidatedContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            context.Fail("The token has no identity.");
            return Task.CompletedTask;
        }

        foreach (var forged in identity.FindAll(ApiKeyDefaults.TenantIdClaim).ToList())
        {
            identity.RemoveClaim(forged);
        }

        var entra = options.CurrentValue;
        var tenantId = entra.TenantFor(identity.Claims);
        if (tenantId is null)
        {
            LogNoTenant(logger, entra.TenantClaim, identity.HasClaim(claim => claim.Type == entra.TenantClaim));
            return Task.CompletedTask;
        }

        tenant.Set(tenantId);
        identity.AddClaim(new Claim(ApiKeyDefaults.TenantIdClaim, tenantId));
        return Task.CompletedTask;
    }

    public override async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.AuthenticateFailure is { } failure)
        {
            LogInvalidToken(logger, failure.GetType().Name);
        }

        await AuthProblems.WriteUnauthorizedAsync(
            problemDetails, context.HttpContext, "Bearer error=\"invalid_token\"", InvalidTokenTitle, InvalidTokenDetail);
    }

    public override Task Forbidden(ForbiddenContext context) => AuthProblems.WriteNoTenantAsync(problemDetails, context.HttpContext);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Refused a bearer token: {Failure}")]
    private static partial void LogInvalidToken(ILogger logger, string failure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "A valid bearer token maps to no tenant (claim {Claim} present: {Present}); answering 403")]
    private static partial void LogNoTenant(ILogger logger, string claim, bool present);
}
