namespace CatalogForge.Api.Tenancy;

public static class ApiKeyDefaults
{
    /// <summary>Authentication scheme name, also sent as the <c>WWW-Authenticate</c> challenge.</summary>
    public const string Scheme = "ApiKey";

    public const string HeaderName = "x-api-key";

    /// <summary>Authorization policy that every tenant-scoped route requires.</summary>
    public const string TenantPolicy = "Tenant";

    public const string TenantIdClaim = "catalogforge:tenant_id";

    /// <summary>Titles of the authentication answers, shared by the Server's handlers and the Functions app's middleware.</summary>
    public const string MissingKeyTitle = "An API key is required";

    public const string InvalidKeyTitle = "The API key is not valid";

    public const string ThrottledTitle = "Too many failed authentication attempts";

    public const string NoTenantTitle = "The identity is not mapped to a tenant";

    public static string KeyDetail => $"Send your tenant's API key in the {HeaderName} header.";

    public const string ThrottledDetail =
        "This client sent too many API keys that are not valid. Wait for the Retry-After delay, then send a valid key.";

    public const string NoTenantDetail = "The identity was authenticated, but its tenant claim is missing or names no CatalogForge tenant.";
}
