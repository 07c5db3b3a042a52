namespace CatalogForge.Server.Tenancy;

public static class ApiKeyDefaults
{
    /// <summary>Authentication scheme name, also sent as the <c>WWW-Authenticate</c> challenge.</summary>
    public const string Scheme = "ApiKey";

    public const string HeaderName = "x-api-key";

    /// <summary>Authorization policy that every tenant-scoped route requires.</summary>
    public const string TenantPolicy = "Tenant";

    public const string TenantIdClaim = "catalogforge:tenant_id";
}
