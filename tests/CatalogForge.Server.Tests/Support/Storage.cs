using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CatalogForge.Core.Storage;

namespace CatalogForge.Server.Tests.Support;

/// <summary>Direct reads of Azurite, to check what the API says against what is actually stored.</summary>
internal sealed class Storage(string connectionString)
{
    private readonly TableServiceClient _tables = new(connectionString);
    private readonly BlobServiceClient _blobs = new(connectionString);

    public async Task<List<TableEntity>> PartitionAsync(string table, string partitionKey, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _tables.GetTableClient(table)
                           .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Rows whose partition key starts with <paramref name="prefix"/> (e.g. every <c>{tenantId}|{jobId}</c> of a tenant).</summary>
    public async Task<List<TableEntity>> PartitionPrefixAsync(string table, string prefix, CancellationToken cancellationToken)
    {
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        var rows = new List<TableEntity>();
        await foreach (var row in _tables.GetTableClient(table)
                           .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {upper}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async Task<byte[]?> ReadBlobAsync(string container, string name, CancellationToken cancellationToken)
    {
        var blob = _blobs.GetBlobContainerClient(container).GetBlobClient(name);
        if (!await blob.ExistsAsync(cancellationToken))
        {
            return null;
        }

        var content = await blob.DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToArray();
    }

    /// <summary>
    /// The tenant's job rows: not its per-status totals row nor the markers of job writes under way, which share the
    /// partition and sort after every job id.
    /// </summary>
    public async Task<List<TableEntity>> JobsAsync(string tenantId, CancellationToken cancellationToken) =>
        (await PartitionAsync(StorageNames.Tables.Jobs, tenantId, cancellationToken))
        .Where(row => string.CompareOrdinal(row.RowKey, Core.Storage.Entities.JobTotalsEntity.RowKeyValue) < 0).ToList();

    public Task<List<TableEntity>> JobItemsAsync(string tenantId, CancellationToken cancellationToken) =>
        PartitionPrefixAsync(StorageNames.Tables.JobItems, tenantId + "|", cancellationToken);
}
