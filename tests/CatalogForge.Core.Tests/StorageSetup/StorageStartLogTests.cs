using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CatalogForge.Core.Storage;
using CatalogForge.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Tests.StorageSetup;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageStartLogCollection
{
    public const string Name = "Storage start logs (alone: the Azure SDK's events are process-wide, other tests' would mix in)";
}

/// <summary>
/// A Core host (storage initialised at start, the workflow engine) started twice against the real Azurite: the second start
/// finds every table, container and queue there and must log no warning (Azure.Core logs every error response it sees, a
/// swallowed 409 included). Before the fix it logged three: 409 ContainerAlreadyExists.
/// </summary>
[Collection(StorageStartLogCollection.Name)]
public sealed class StorageStartLogTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Second_start_finds_everything_and_logs_no_warning()
    {
        var ct = TestContext.Current.CancellationToken;

        var first = await StartAndStopAsync(ct);
        var second = await StartAndStopAsync(ct);

        foreach (var lines in new[] { first, second })
        {
            Assert.Contains(lines, line => line.Category == typeof(StorageInitializer).FullName && line.Message.StartsWith("Storage initialised", StringComparison.Ordinal));
            // The SDK's own log reaches this logger (so a 409 it logged would be seen here too).
            Assert.Contains(lines, line => line.Category == "Azure.Core" && line.Message.StartsWith("Request [", StringComparison.Ordinal));
        }

        var warnings = second.Where(line => line.Level >= LogLevel.Warning).Select(line => $"{line.Category}: {line.Message}").ToList();
        Assert.True(warnings.Count == 0, "the second start logged:\n" + string.Join("\n", warnings));
        Assert.DoesNotContain(first, line => line.Level >= LogLevel.Warning && line.Message.Contains("409", StringComparison.Ordinal));
        await AssertEverythingExistsAsync(ct);
    }

    private async Task<IReadOnlyCollection<LogRecorder.Line>> StartAndStopAsync(CancellationToken ct)
    {
        var sink = new LogRecorder();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:InitializeOnStart"] = "true",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddProvider(sink);
        builder.AddCatalogForgeCore();
        using var host = builder.Build();
        await host.StartAsync(ct);
        await host.StopAsync(ct);
        foreach (var line in sink.Lines.Where(line => line.Level >= LogLevel.Warning || line.Category.StartsWith("CatalogForge", StringComparison.Ordinal)))
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{line.Level} {line.Category}: {line.Message}");
        }

        return sink.Lines;
    }

    private async Task AssertEverythingExistsAsync(CancellationToken ct)
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        var queues = new QueueServiceClient(azurite.ConnectionString);
        foreach (var name in StorageNames.Tables.All)
        {
            Assert.True(await ExistsAsync(tables.QueryAsync(t => t.Name == name, cancellationToken: ct)), $"table {name}");
        }

        foreach (var name in StorageNames.Containers.All)
        {
            Assert.True((await blobs.GetBlobContainerClient(name).ExistsAsync(ct)).Value, $"container {name}");
        }

        foreach (var name in StorageNames.Queues.All)
        {
            Assert.True((await queues.GetQueueClient(name).ExistsAsync(ct)).Value, $"queue {name}");
        }
    }

    private static async Task<bool> ExistsAsync<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var _ in items)
        {
            return true;
        }

        return false;
    }
}
