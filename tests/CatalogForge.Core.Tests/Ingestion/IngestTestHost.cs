using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Ingestion.Signing;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Tenancy;
using CatalogForge.Core.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>
/// Core's real services on the shared Azurite, not started: ingestion writes jobs, and no workflow runs (the tests that
/// run the whole pipeline are in the Server tests). Storage is initialised as a starting host would.
/// </summary>
internal sealed class IngestTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private IngestTestHost(IHost host, AzuriteFixture azurite)
    {
        _host = host;
        Blobs = new BlobServiceClient(azurite.ConnectionString);
        Queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    public IServiceProvider Services => _host.Services;

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    public IngestJobWriter Writer => Services.GetRequiredService<IngestJobWriter>();

    public IngestMessageHandler Handler => Services.GetRequiredService<IngestMessageHandler>();

    public static async Task<IngestTestHost> CreateAsync(
        AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var config = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.AddProvider(new TestLogSink(TestContext.Current.TestOutputHelper));
        builder.AddCatalogForgeCore();
        builder.Services.AddSingleton<IWorkflowClient, RecordingWorkflowClient>();
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.GetRequiredService<StorageInitializer>().InitializeAsync(TestContext.Current.CancellationToken);
        return new IngestTestHost(host, azurite);
    }

    public Task<CreatedTenant> CreateTenantAsync(string name) =>
        Services.GetRequiredService<ITenantDirectory>().CreateAsync($"{name}-{Guid.NewGuid():N}", TestContext.Current.CancellationToken);

    public IngestKeyStore Keys => Services.GetRequiredService<IngestKeyStore>();

    /// <summary><paramref name="message"/> signed now with a new key of its tenant, as a sender would put it on the queue.</summary>
    public async Task<string> SignAsync(string tenantId, string message) =>
        IngestMessageSigner.Sign(message, await Keys.AddAsync(tenantId, null, TestContext.Current.CancellationToken), DateTimeOffset.UtcNow);

    public async Task UploadAsync(string blobPath, string content) =>
        await Blobs.GetBlobContainerClient(StorageNames.Containers.Ingest).GetBlobClient(blobPath)
            .UploadAsync(BinaryData.FromString(content), overwrite: true, TestContext.Current.CancellationToken);

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        return ValueTask.CompletedTask;
    }
}
