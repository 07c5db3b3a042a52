extern alias AiEmulator;

using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>
/// A job interrupted by a host stop finishes on the next host of its task hub without paying for any model call twice.
/// </summary>
public sealed class JobsApiResumeTests(AzuriteFixture azurite)
{
    /// <summary>Two items at a time, one chunk at a time, every model call ~300 ms: about five seconds for twelve items.</summary>
    internal static readonly Dictionary<string, string?> SlowJobSettings = new()
    {
        ["Jobs:ChunkSize"] = "25",
        ["Jobs:ChunkWindow"] = "1",
        ["Jobs:ItemWindowPerChunk"] = "2",
    };

    internal static EmulatorOptions SlowEmulator() => new() { Defaults = new DeploymentSettings { BaseLatencyMs = 300 } };

    [Fact]
    public async Task Job_stopped_midway_resumes_on_a_new_host_without_repeating_model_calls()
    {
        var ct = TestContext.Current.CancellationToken;
        const int count = 12;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, SlowEmulator(), SlowJobSettings);
        var (tenant, client) = await env.CreateTenantClientAsync("resume");

        var accepted = await client.SubmitJobAsync(Payloads.Generate(count, salt: Guid.NewGuid().ToString("N")), ct);
        var midway = await client.WaitForJobAsync(accepted.JobId, ct, job => job.Counts.Succeeded >= 2 || job.Status.IsTerminal());
        Assert.False(midway.Status.IsTerminal(), $"The job finished before the host could be stopped: {midway.Counts}");
        Assert.InRange(midway.Counts.Succeeded, 2, count - 2);

        // Graceful stop of host 1 (what Ctrl+C or a container stop does).
        client.Dispose();
        await env.Server.DisposeAsync();
        var requestsBeforeRestart = env.Emulator.State.Requests.Count;

        await using var host2 = env.NewServer(SlowJobSettings);
        using var client2 = host2.CreateClient(tenant.ApiKey);
        var job = await client2.WaitForJobAsync(accepted.JobId, ct);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new JobCounts(count, 0, count, 0, 0), job.Counts);
        Assert.True(env.Emulator.State.Requests.Count > requestsBeforeRestart,
            "Host 2 made no model call: host 1 finished the whole job while stopping, so nothing was resumed.");

        var items = await client2.GetAllItemsAsync(accepted.JobId, ct);
        Assert.All(items, item => Assert.Equal(ItemStatus.Succeeded, item.Status));
        var productIds = items.Select(item => item.ProductId!).ToList();
        Assert.Equal(count, productIds.Distinct().Count());

        // Exactly one stored product per item: no item was produced twice by the two hosts.
        var products = await env.Storage.PartitionAsync(StorageNames.Tables.Products, tenant.TenantId, ct);
        Assert.Equal(productIds.Order(), products.Select(row => row.RowKey).Order());

        // No model call answered twice: every (kind, body) reached the emulator successfully at most once.
        var repeated = env.Emulator.State.Requests
            .Where(request => request.StatusCode is >= 200 and < 300)
            .GroupBy(request => (request.Kind, request.BodyHash))
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key.Kind} {group.Key.BodyHash} x{group.Count()}: {group.First().PromptPreview}")
            .ToList();
        Assert.True(repeated.Count == 0, "Model calls made twice:\n" + string.Join('\n', repeated));
    }
}
