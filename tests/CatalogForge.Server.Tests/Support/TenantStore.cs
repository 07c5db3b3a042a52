using Azure.Data.Tables;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Tenancy;
using CatalogForge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CatalogForge.Server.Tests.Support;

/// <summary>Core's tenant and key directories straight on Azurite, without a Server: for tenants a test needs before one starts.</summary>
internal sealed class TenantStore
{
    private TenantStore(TenantDirectory tenants, ApiKeyDirectory keys) => (Tenants, Keys) = (tenants, keys);

    public TenantDirectory Tenants { get; }

    public ApiKeyDirectory Keys { get; }

    public static async Task<TenantStore> OpenAsync(AzuriteFixture azurite)
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        await service.CreateTableIfNotExistsAsync(StorageNames.Tables.Tenants, TestContext.Current.CancellationToken);
        await service.CreateTableIfNotExistsAsync(StorageNames.Tables.ApiKeys, TestContext.Current.CancellationToken);
        var tables = new CatalogTables(service);
        var keys = new ApiKeyDirectory(tables, TimeProvider.System, NullLogger<ApiKeyDirectory>.Instance);
        return new TenantStore(new TenantDirectory(tables, keys, TimeProvider.System, NullLogger<TenantDirectory>.Instance), keys);
    }
}
