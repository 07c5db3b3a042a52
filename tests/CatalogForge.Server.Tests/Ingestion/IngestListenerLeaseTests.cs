using CatalogForge.Core.Ingestion;
using CatalogForge.Server.Ingestion;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tests.Ingestion;

/// <summary>How the listener holds messages and waits for them: lease renewal, idle back-off, option checks.</summary>
public sealed class IngestListenerLeaseTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Long_work_keeps_the_message_invisible_by_renewing_its_visibility_and_then_deletes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = await IngestQueues.CreateAsync(azurite);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: queues.Settings(("Ingestion:VisibilityTimeout", "00:00:02")),
            configureTestServices: services => services.AddSingleton<IIngestMessageProcessor>(sp =>
                new GatedProcessor(sp.GetRequiredService<IngestMessageHandler>(), gate.Task)));
        var (tenant, _) = await env.CreateTenantClientAsync("lease");
        var metrics = env.Server.Services.GetRequiredService<IngestListenerMetrics>();

        await queues.SendSignedAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "enrich", "lease-1", "\"items\":[{\"sku\":\"L-1\",\"name\":\"Lamp\"}]"));
        await IngestQueues.WaitUntilAsync(() => metrics.Received == 1, "the message received");
        // Three renewals at every half timeout: the work has outlived the 2 s visibility it was received with.
        await IngestQueues.WaitUntilAsync(() => metrics.Renewals >= 3, "three visibility renewals");
        var stolen = (await queues.Ingest.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1), ct)).Value;
        gate.SetResult();
        await IngestQueues.WaitUntilAsync(() => metrics.Accepted == 1, "the message accepted");

        Assert.Empty(stolen);
        Assert.Equal(1, metrics.Received);
        Assert.Equal(0, await queues.VisibleCountAsync());
        Assert.Single(await env.Storage.JobsAsync(tenant.TenantId, ct));
    }

    [Fact]
    public async Task Stopping_the_host_releases_the_message_in_hand_for_the_next_host_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = await IngestQueues.CreateAsync(azurite);
        var never = new TaskCompletionSource();
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: queues.Settings(("Ingestion:VisibilityTimeout", "00:05:00")),
            configureTestServices: services => services.AddSingleton<IIngestMessageProcessor>(sp =>
                new GatedProcessor(sp.GetRequiredService<IngestMessageHandler>(), never.Task)));
        var (tenant, _) = await env.CreateTenantClientAsync("stop");
        var metrics = env.Server.Services.GetRequiredService<IngestListenerMetrics>();
        await queues.SendSignedAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "enrich", "stop-1", "\"items\":[{\"sku\":\"S-1\",\"name\":\"Stool\"}]"));
        await IngestQueues.WaitUntilAsync(() => metrics.Received == 1, "the message received");

        await env.Server.DisposeAsync();

        // Without the release it would stay invisible for the 5-minute visibility timeout.
        var visible = (await queues.Ingest.PeekMessagesAsync(1, ct)).Value;
        Assert.Equal(1, Assert.Single(visible).DequeueCount);
        Assert.Equal(0, metrics.Accepted + metrics.Poisoned + metrics.Retried);
    }

    [Fact]
    public async Task Empty_polls_back_off_exponentially_to_the_maximum_and_start_over_after_a_message()
    {
        var queues = await IngestQueues.CreateAsync(azurite);
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: queues.Settings(("Ingestion:IdleDelayMin", "00:00:00.010"), ("Ingestion:IdleDelayMax", "00:00:00.080")));
        var (tenant, _) = await env.CreateTenantClientAsync("backoff");
        var metrics = env.Server.Services.GetRequiredService<IngestListenerMetrics>();
        var ms = (int n) => TimeSpan.FromMilliseconds(n);

        await IngestQueues.WaitUntilAsync(() => metrics.EmptyPolls >= 6, "six empty polls");
        Assert.Equal([ms(10), ms(20), ms(40), ms(80), ms(80), ms(80)], metrics.IdleDelays.Take(6));

        var before = metrics.IdleDelays.Count;
        await queues.SendSignedAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "enrich", "b-1", "\"items\":[{\"sku\":\"B-1\",\"name\":\"Bench\"}]"));
        await IngestQueues.WaitUntilAsync(() => metrics.Accepted == 1, "the message accepted");
        await IngestQueues.WaitUntilAsync(() => metrics.IdleDelays.Count >= before + 8, "idle polls after the message");

        var after = metrics.IdleDelays.Skip(before).ToList();
        var restart = after.IndexOf(ms(10));
        Assert.True(restart >= 0, $"no restart at the minimum after the message: {string.Join(", ", after)}");
        Assert.True(after.Take(restart).All(d => d == ms(80)), $"delays before the message arrived: {string.Join(", ", after)}");
        Assert.Equal([ms(10), ms(20), ms(40)], after.Skip(restart).Take(3));
    }

    [Theory]
    [InlineData("Ingestion:IdleDelayMin", "00:01:00", "IdleDelayMin must not exceed")]
    [InlineData("Ingestion:ErrorDelayMin", "00:05:00", "ErrorDelayMin must not exceed")]
    [InlineData("Ingestion:MaxConcurrentMessages", "0", "MaxConcurrentMessages")]
    [InlineData("Ingestion:VisibilityTimeout", "00:00:00", "VisibilityTimeout")]
    [InlineData("Ingestion:MaxDequeueCount", "0", "MaxDequeueCount")]
    [InlineData("Ingestion:PoisonQueueName", "Bad_Name", "PoisonQueueName")]
    public async Task Invalid_ingestion_options_stop_the_host_at_start(string key, string value, string expected)
    {
        var queues = await IngestQueues.CreateAsync(azurite);
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(
            azurite, settings: queues.Settings((key, value)), configureTestServices: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains(expected, FailedStart.ValidationOf(env, logs).Message, StringComparison.Ordinal);
    }

    /// <summary>The real handler, entered only once the test opens the gate: "long work" on demand.</summary>
    private sealed class GatedProcessor(IngestMessageHandler handler, Task gate) : IIngestMessageProcessor
    {
        public async Task<IngestOutcome> HandleAsync(string messageText, long dequeueCount, DateTimeOffset? insertedOn, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return await handler.HandleAsync(messageText, dequeueCount, insertedOn, cancellationToken);
        }
    }
}
