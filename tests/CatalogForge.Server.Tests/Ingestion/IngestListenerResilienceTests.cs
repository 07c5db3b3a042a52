using System.Diagnostics;
using System.Net;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Engine;
using CatalogForge.Server.Ingestion;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using DurableTask.AzureStorage;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Ingestion;

/// <summary>
/// What must not stop the listener, nor the Server with it: a message that is not Base64, and storage that goes away for a
/// while (here: its own Azurite, killed and restarted empty on the same ports).
/// </summary>
public sealed class IngestListenerResilienceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_poison_with_its_reason_and_the_listener_goes_on()
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = await IngestQueues.CreateAsync(azurite);
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: queues.Settings());
        var (tenant, _) = await env.CreateTenantClientAsync("notbase64");
        var metrics = env.Server.Services.GetRequiredService<IngestListenerMetrics>();
        const string raw = "{\"tenantId\":\"plain json, never Base64-encoded\" ✓}";

        await queues.RawIngest.SendMessageAsync(raw, ct);
        var envelope = Assert.Single(await queues.WaitForPoisonAsync(1));

        Assert.Equal((ErrorClass.Validation, 1L, raw, false), (envelope.ErrorClass, envelope.DequeueCount, envelope.Original, envelope.OriginalTruncated));
        Assert.Contains("not Base64", envelope.Reason, StringComparison.Ordinal);
        await IngestQueues.WaitUntilAsync(() => metrics.Poisoned == 1, "the message poisoned");
        Assert.Equal(1, metrics.Undecodable);
        Assert.Equal(0, await queues.ApproximateCountAsync());
        await AssertLiveAsync(env);

        await queues.SendSignedAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "enrich", "after-poison-1", "\"items\":[{\"sku\":\"P-1\",\"name\":\"Pot\"}]"));
        await IngestQueues.WaitUntilAsync(() => metrics.Accepted == 1, "the next message accepted");
        Assert.Single(await env.Storage.JobsAsync(tenant.TenantId, ct));
        Assert.Equal(0, await queues.ApproximateCountAsync());
        Assert.Equal(0, metrics.PollFailures + metrics.LoopFaults);
    }

    [Fact]
    public async Task Storage_down_for_ten_seconds_the_server_keeps_serving_and_then_ingests()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        var queues = await IngestQueues.CreateAsync(storage);
        await using var env = await ServerTestEnvironment.StartAsync(storage,
            settings: queues.Settings(("Ingestion:ErrorDelayMin", "00:00:00.100"), ("Ingestion:ErrorDelayMax", "00:00:01")));
        var metrics = env.Server.Services.GetRequiredService<IngestListenerMetrics>();
        await IngestQueues.WaitUntilAsync(() => metrics.EmptyPolls >= 2, "the listener polling");

        // Down for 10 s at least, and until a poll has failed: with the storage SDK's default retries (5, exponential from
        // 0.8 s) a poll takes some 25 s to fail. The Server answers all along.
        await storage.StopAsync();
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < TimeSpan.FromSeconds(10) || metrics.PollFailures == 0)
        {
            Assert.True(outage.Elapsed < TimeSpan.FromSeconds(90), "no failed poll counted after 90 s without storage");
            await AssertLiveAsync(env);
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        Assert.Equal(ErrorClass.Network, metrics.LastFailureClass);
        Assert.Equal(TimeSpan.FromMilliseconds(100), metrics.ErrorDelays[0]);

        // In-memory Azurite comes back empty, and the Server's storage initializer runs at start only: what the test needs is
        // created again here (in Azure, infra owns the queues; the listener never creates them).
        await storage.RestartAsync();
        await env.Server.Services.GetRequiredService<StorageInitializer>().InitializeAsync(ct);
        await queues.CreateAllAsync();
        await RecreateTaskHubAsync(env, storage);
        var (tenant, _) = await env.CreateTenantClientAsync("outage");
        var failuresAtRestart = metrics.PollFailures;

        await queues.SendSignedAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "enrich", "after-outage-1", "\"items\":[{\"sku\":\"O-1\",\"name\":\"Oar\"}]"));
        await IngestQueues.WaitUntilAsync(() => metrics.Accepted == 1, "the message accepted after the outage");

        Assert.Single(await env.Storage.JobsAsync(tenant.TenantId, ct));
        Assert.Equal(0, await queues.ApproximateCountAsync());
        Assert.Equal(0, metrics.LoopFaults);
        Assert.InRange(metrics.PollFailures - failuresAtRestart, 0, 1);
        Assert.All(metrics.ErrorDelays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1)));
        await AssertLiveAsync(env);
    }

    /// <summary>
    /// The engine's task hub, so jobs can be started again. The Server's own orchestration service creates its hub once per
    /// process and does not notice it gone, so a second service on the same settings creates it.
    /// </summary>
    private static async Task RecreateTaskHubAsync(ServerTestEnvironment env, AzuriteFixture storage)
    {
        var hub = env.Server.Services.GetRequiredService<TaskHub>();
        using var creator = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = hub.Options.TaskHub,
            PartitionCount = hub.Options.PartitionCount,
            StorageAccountClientProvider = new StorageAccountClientProvider(storage.ConnectionString),
        });
        await creator.CreateIfNotExistsAsync();
    }

    private static async Task AssertLiveAsync(ServerTestEnvironment env)
    {
        using var client = env.Server.CreateClient();
        using var response = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
