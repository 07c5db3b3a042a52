using Azure.Data.Tables;

namespace CatalogForge.Core.Storage;

/// <summary>Typed access to the tables by name, so stores don't spell table names.</summary>
public sealed class CatalogTables(TableServiceClient service)
{
    public TableClient Tenants { get; } = service.GetTableClient(StorageNames.Tables.Tenants);
    public TableClient ApiKeys { get; } = service.GetTableClient(StorageNames.Tables.ApiKeys);
    public TableClient Jobs { get; } = service.GetTableClient(StorageNames.Tables.Jobs);
    public TableClient JobItems { get; } = service.GetTableClient(StorageNames.Tables.JobItems);
    public TableClient JobIdempotency { get; } = service.GetTableClient(StorageNames.Tables.JobIdempotency);
    public TableClient Products { get; } = service.GetTableClient(StorageNames.Tables.Products);
    public TableClient Embeddings { get; } = service.GetTableClient(StorageNames.Tables.Embeddings);
    public TableClient Usage { get; } = service.GetTableClient(StorageNames.Tables.Usage);
    public TableClient CatalogVersions { get; } = service.GetTableClient(StorageNames.Tables.CatalogVersions);
    public TableClient BrandProfiles { get; } = service.GetTableClient(StorageNames.Tables.BrandProfiles);
    public TableClient Webhooks { get; } = service.GetTableClient(StorageNames.Tables.Webhooks);
}
