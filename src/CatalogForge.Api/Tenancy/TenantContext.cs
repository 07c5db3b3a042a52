namespace CatalogForge.Api.Tenancy;

/// <summary>
/// The tenant of the current request (scoped per request), set once by whatever authenticated it: the Server's API key
/// handler or Entra bearer events, or the Functions app's tenancy middleware.
/// Endpoints take it as a parameter and pass <see cref="TenantId"/> to Core, which scopes every query by it.
/// </summary>
public sealed class TenantContext
{
    private string? _tenantId;

    public bool IsResolved => _tenantId is not null;

    public string TenantId =>
        _tenantId ?? throw new InvalidOperationException("No tenant was resolved for this request; is the endpoint missing RequireTenant()?");

    internal void Set(string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        if (_tenantId is not null && _tenantId != tenantId)
        {
            throw new InvalidOperationException("The request's tenant is already set to a different tenant.");
        }

        _tenantId = tenantId;
    }
}
