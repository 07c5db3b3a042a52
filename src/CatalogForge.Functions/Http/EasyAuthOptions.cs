using CatalogForge.Api.Tenancy;

namespace CatalogForge.Functions.Http;

/// <summary>
/// Section <c>Auth:EasyAuth</c>: App Service authentication in front of the Functions app. Only when
/// <see cref="Enabled"/> is the <c>X-MS-CLIENT-PRINCIPAL</c> header read (App Service sets it and removes any a client
/// sends; without App Service authentication anyone can send it, so it is ignored). The principal's tenant comes from
/// <see cref="TenantClaimOptions.TenantClaim"/> through <see cref="TenantClaimOptions.Tenants"/>.
/// </summary>
public sealed class EasyAuthOptions : TenantClaimOptions
{
    public const string Section = "Auth:EasyAuth";

    /// <summary>Entra's directory id as App Service passes it in the principal's claims.</summary>
    public const string DirectoryIdClaim = "http://schemas.microsoft.com/identity/claims/tenantid";

    public EasyAuthOptions() => TenantClaim = DirectoryIdClaim;

    public bool Enabled { get; set; }

    public override string? Error() => Enabled ? MappingError(Section) : null;
}
