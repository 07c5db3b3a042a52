using CatalogForge.Api.Tenancy;

namespace CatalogForge.Server.Tenancy;

/// <summary>
/// Section <c>Auth:Entra</c>: Microsoft Entra ID access tokens (<c>Authorization: Bearer</c>) as a second way in, next
/// to API keys. Tokens are validated against the signing keys and issuer the <see cref="Authority"/>'s OpenID metadata
/// publishes, for one of <see cref="Audiences"/>; the tenant comes from <see cref="TenantClaimOptions.TenantClaim"/>
/// through <see cref="TenantClaimOptions.Tenants"/>.
/// </summary>
public sealed class EntraOptions : TenantClaimOptions
{
    public const string Section = "Auth:Entra";

    public bool Enabled { get; set; }

    /// <summary>E.g. <c>https://login.microsoftonline.com/{directory-id}/v2.0</c>; its metadata gives the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The API's application id URI or client id, as the tokens' <c>aud</c> carries it.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>Issuers to accept; empty: the issuer of the authority's metadata.</summary>
    public List<string> ValidIssuers { get; set; } = [];

    public override string? Error()
    {
        if (!Enabled)
        {
            return null;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
        {
            return $"{Section}:{nameof(Authority)} must be an https URL, e.g. https://login.microsoftonline.com/<directory-id>/v2.0.";
        }

        if (Audiences.Count == 0 || Audiences.Any(string.IsNullOrWhiteSpace))
        {
            return $"{Section}:{nameof(Audiences)} must list the audience (aud) the API's tokens carry.";
        }

        return MappingError(Section);
    }
}
