using System.Security.Claims;

namespace CatalogForge.Api.Tenancy;

/// <summary>
/// How an identity from a token or from App Service authentication names its CatalogForge tenant: the values of one
/// claim (<see cref="TenantClaim"/>, e.g. Entra's directory id <c>tid</c>, or <c>roles</c>) are looked up in
/// <see cref="Tenants"/>, a map from claim value to tenant id. Exactly one tenant must come out; an identity whose values
/// map to none, or to several, has no tenant (403). Values match in any case, as configuration keys do.
/// </summary>
public abstract class TenantClaimOptions
{
    public string TenantClaim { get; set; } = "tid";

    public Dictionary<string, string> Tenants { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The one tenant the claims map to, or null.</summary>
    public string? TenantFor(IEnumerable<Claim> claims)
    {
        var tenants = claims
            .Where(claim => string.Equals(claim.Type, TenantClaim, StringComparison.Ordinal))
            .Select(claim => Tenants.FirstOrDefault(pair => string.Equals(pair.Key, claim.Value, StringComparison.OrdinalIgnoreCase)).Value)
            .Where(tenantId => !string.IsNullOrWhiteSpace(tenantId))
            .Distinct(StringComparer.Ordinal)
            .Take(2)
            .ToList();
        return tenants.Count == 1 ? tenants[0] : null;
    }

    /// <summary>Null when the settings can be used (or the way in is off), else what is wrong, naming the setting.</summary>
    public abstract string? Error();

    /// <summary>Null when the mapping can be used, else what is wrong with it, naming the setting under <paramref name="section"/>.</summary>
    protected string? MappingError(string section)
    {
        if (string.IsNullOrWhiteSpace(TenantClaim))
        {
            return $"{section}:{nameof(TenantClaim)} must name the claim that identifies the tenant.";
        }

        if (Tenants.Count == 0)
        {
            return $"{section}:{nameof(Tenants)} must map at least one {TenantClaim} value to a CatalogForge tenant id.";
        }

        var bad = Tenants.FirstOrDefault(pair => string.IsNullOrWhiteSpace(pair.Value) || pair.Value.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')));
        return bad.Key is null ? null : $"{section}:{nameof(Tenants)}:{bad.Key} must be a tenant id (lower-case letters, digits and '-').";
    }
}

/// <summary>Turns <see cref="TenantClaimOptions.Error"/> into a start failure that names the setting.</summary>
public sealed class TenantClaimOptionsValidation<TOptions> : Microsoft.Extensions.Options.IValidateOptions<TOptions>
    where TOptions : TenantClaimOptions
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, TOptions options) =>
        options.Error() is { } error
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(error)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
