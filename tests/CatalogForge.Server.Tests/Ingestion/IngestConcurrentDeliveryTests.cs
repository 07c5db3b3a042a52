using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Ingestion;

/// <summary>
/// Two deliveries of one multi-part message handled at the same time by the real handler of a running Server (what a lapsed
/// visibility timeout causes), the jobs run through the real pipeline against the AI emulator: one job per part, every
/// item run once. (The worst-case interleaving, one delivery held between its check and its item writes, is
/// <c>IngestDoubleDeliveryTests</c> in the Core tests.)
/// </summary>
public sealed class IngestConcurrentDeliveryTests(AzuriteFixture azurite)
{
    private const int Items = 2 * ServerFactory.MaxItemsPerJob + 5;

    [Fact]
    public async Task Two_concurrent_deliveries_make_one_job_per_part_and_run_each_item_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Ingestion:ListenerEnabled"] = "false",
        });
        var (tenant, client) = await env.CreateTenantClientAsync("concurrent");
        var items = string.Join(",", Enumerable.Range(0, Items).Select(i => $$"""{"sku":"C-{{i}}","name":"Cup no. {{i}}"}"""));
        var message = await IngestQueues.SignAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "enrich", "concurrent-1", $"\"items\":[{items}]"));
        var handler = env.Server.Services.GetRequiredService<IngestMessageHandler>();

        var outcomes = await Task.WhenAll(handler.HandleAsync(message, 1, null, ct), handler.HandleAsync(message, 2, null, ct));

        Assert.All(outcomes, o => Assert.Equal(IngestOutcomeKind.Accepted, o.Kind));
        Assert.Equal(3, outcomes[0].JobIds!.Count);
        Assert.Equal(outcomes[0].JobIds, outcomes[1].JobIds);
        foreach (var jobId in outcomes[0].JobIds!)
        {
            var job = await client.WaitForJobAsync(jobId, ct);
            Assert.Equal(JobStatus.Completed, job.Status);
            Assert.All(await client.GetAllItemsAsync(jobId, ct), item => Assert.Equal(ItemStatus.Succeeded, item.Status));
        }

        Assert.Equal(3, (await env.Storage.JobsAsync(tenant.TenantId, ct)).Count);
        Assert.Equal(Items, (await env.Storage.JobItemsAsync(tenant.TenantId, ct)).Count);
        var counters = env.Emulator.State.Snapshot();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Items} items: {counters.ChatRequests} chat, {counters.EmbeddingRequests} embedding, {counters.ImageRequests} image requests");
        Assert.Equal(Items, counters.ChatRequests); // one enrich call per item: none ran twice
    }
}
