namespace CatalogForge.Api.Tenancy;

public static class ApiKeyDefaults
{
    /// <summary>Authentication scheme name, also sent as the <c>WWW-Authenticate</c> challenge.</summary>
    public const string Scheme = "ApiKey";

    public const string HeaderName = "x-api-key";

    /// <summary>Authorization policy that every tenant-scoped route requires.</summary>
    public const string TenantPolicy = "Tenant";

    public const string TenantIdClaim = "catalogforge:tenant_id";

    /// <summary>401 titles, shared by the Server's authentication handler and the Functions app's tenancy middleware.</summary>
    public const string MissingKeyTitle = "An API key is required";

    public const string InvalidKeyTitle = "The API key is not valid";

    public static string KeyDetail => $"Send your tenant's API key in the {HeaderName} header.";
}
