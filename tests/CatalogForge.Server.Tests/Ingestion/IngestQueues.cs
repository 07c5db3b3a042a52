using System.Diagnostics;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Ingestion.Signing;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Ingestion;

/// <summary>
/// A test's own ingest and poison queues on the shared Azurite (so parallel tests never take each other's messages), the
/// settings that point the Server at them, and the client side: send messages, upload files, read the poison queue.
/// </summary>
internal sealed class IngestQueues
{
    public const int MaxDequeueCount = 2;

    private readonly QueueServiceClient _queues;
    private readonly BlobServiceClient _blobs;
    private readonly string _connectionString;

    private IngestQueues(AzuriteFixture azurite, string name)
    {
        _connectionString = azurite.ConnectionString;
        _queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        _blobs = new BlobServiceClient(azurite.ConnectionString);
        Ingest = _queues.GetQueueClient(name);
        Poison = _queues.GetQueueClient(name + "-poison");
    }

    public QueueClient Ingest { get; }

    public QueueClient Poison { get; }

    public static async Task<IngestQueues> CreateAsync(AzuriteFixture azurite)
    {
        var queues = new IngestQueues(azurite, "ingest-" + Guid.NewGuid().ToString("N")[..16]);
        await queues.CreateAllAsync();
        return queues;
    }

    /// <summary>Creates the queues and the ingest container if missing: again after an in-memory Azurite restarted empty.</summary>
    public async Task CreateAllAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await Ingest.CreateIfNotExistsAsync(cancellationToken: ct);
        await Poison.CreateIfNotExistsAsync(cancellationToken: ct);
        await _blobs.GetBlobContainerClient(StorageNames.Containers.Ingest).CreateIfNotExistsAsync(cancellationToken: ct);
    }

    /// <summary>The ingest queue through a client that sends text as it is (no Base64): what a producer that forgot to encode does.</summary>
    public QueueClient RawIngest => new(_connectionString, Ingest.Name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    /// <summary>Every message on the ingest queue, visible or not.</summary>
    public async Task<int> ApproximateCountAsync() =>
        (await Ingest.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount;

    /// <summary>Server settings: these queues, two deliveries before poison, retries at once, a quick idle back-off.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ingestion:QueueName"] = Ingest.Name,
            ["Ingestion:PoisonQueueName"] = Poison.Name,
            ["Ingestion:MaxDequeueCount"] = MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingestion:RetryDelay"] = "00:00:00",
            ["Ingestion:IdleDelayMin"] = "00:00:00.020",
            ["Ingestion:IdleDelayMax"] = "00:00:00.200",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    public Task SendAsync(string messageText) => Ingest.SendMessageAsync(messageText, TestContext.Current.CancellationToken);

    /// <summary>Sends <paramref name="message"/> signed now with a new signing key of its tenant, as a producer does.</summary>
    public async Task<string> SendSignedAsync(ServerTestEnvironment env, string tenantId, string message)
    {
        var signed = await SignAsync(env, tenantId, message);
        await SendAsync(signed);
        return signed;
    }

    /// <summary><paramref name="message"/> signed now with a new signing key of <paramref name="tenantId"/>.</summary>
    public static async Task<string> SignAsync(ServerTestEnvironment env, string tenantId, string message)
    {
        var key = await env.Server.Services.GetRequiredService<IngestKeyStore>().AddAsync(tenantId, null, TestContext.Current.CancellationToken);
        return IngestMessageSigner.Sign(message, key, DateTimeOffset.UtcNow);
    }

    public Task UploadAsync(string blobPath, string content) =>
        _blobs.GetBlobContainerClient(StorageNames.Containers.Ingest).GetBlobClient(blobPath)
            .UploadAsync(BinaryData.FromString(content), overwrite: true, TestContext.Current.CancellationToken);

    /// <summary>Waits until <paramref name="count"/> envelopes are on the poison queue and returns them (peeked, left in place).</summary>
    public async Task<List<IngestPoisonEnvelope>> WaitForPoisonAsync(int count)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var peeked = (await Poison.PeekMessagesAsync(32, TestContext.Current.CancellationToken)).Value;
            if (peeked.Length >= count)
            {
                return peeked.Select(m => m.Body.ToObjectFromJson<IngestPoisonEnvelope>(CatalogJson.Options)!).ToList();
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"only {peeked.Length} of {count} poison envelopes after 30 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async Task<int> VisibleCountAsync() =>
        (await Ingest.PeekMessagesAsync(32, TestContext.Current.CancellationToken)).Value.Length;

    /// <summary>Polls <paramref name="condition"/> until it holds or 60 s pass.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"timed out waiting for: {what}");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A message as JSON text; <paramref name="extra"/> holds items or blobPath and anything else.</summary>
    public static string Message(string tenantId, string kind, string idempotencyKey, string extra) =>
        $$"""{"tenantId":"{{tenantId}}","idempotencyKey":"{{idempotencyKey}}","kind":"{{kind}}","priority":"high","options":{"images":false},{{extra}}}""";
}
