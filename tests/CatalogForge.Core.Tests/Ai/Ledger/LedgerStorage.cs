using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Storage;
using CatalogForge.Testing;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Tests.Ai.Ledger;

/// <summary>Creates every table, container and queue (the ledger's among them) on the shared Azurite.</summary>
internal static class LedgerStorage
{
    public static async Task<(TableServiceClient Tables, BlobServiceClient Blobs)> CreateAsync(AzuriteFixture azurite)
    {
        var ct = TestContext.Current.CancellationToken;
        var tables = new TableServiceClient(azurite.ConnectionString);
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var queues = new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString);
        await new StorageInitializer(tables, blobs, queues, Microsoft.Extensions.Logging.Abstractions.NullLogger<StorageInitializer>.Instance)
            .InitializeAsync(ct);
        return (tables, blobs);
    }

    public static string NewTenant(string test) => $"{test}-{Guid.NewGuid():N}";
}

internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
