using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Ingestion.Signing;
using CatalogForge.Server.Ingestion;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Ingestion;

/// <summary>
/// The Server's listener on real Azurite queues and blobs, jobs run through the real pipeline against the AI emulator.
/// Each test has its own queues; the job is found through the tenant's Jobs partition and followed through the API.
/// </summary>
public sealed class IngestQueueListenerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Inline_message_becomes_a_job_that_completes_and_the_message_is_deleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = await IngestQueues.CreateAsync(azurite);
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: queues.Settings());
        var (tenant, client) = await env.CreateTenantClientAsync("inline");
        var items = string.Join(",", Enumerable.Range(0, 3).Select(i => Payloads.Brief(i, tenant.TenantId)));

        await queues.SendSignedAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "generate", "inline-1", $"\"items\":[{items}]"));
        var jobId = await SingleJobAsync(env, tenant.TenantId);
        var job = await client.WaitForJobAsync(jobId, ct);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal((JobKind.Generate, JobPriority.High), (job.Kind, job.Priority));
        Assert.Equal(new Core.Jobs.JobCounts(3, 0, 3, 0, 0), job.Counts);
        var metrics = env.Server.Services.GetRequiredService<IngestListenerMetrics>();
        await IngestQueues.WaitUntilAsync(() => metrics.Accepted == 1, "the message accepted");
        Assert.Equal(0, await queues.VisibleCountAsync());
        Assert.Empty((await queues.Poison.PeekMessagesAsync(cancellationToken: ct)).Value);
    }

    [Fact]
    public async Task Jsonl_and_csv_files_become_jobs_whose_invalid_rows_are_failed_items_with_a_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = await IngestQueues.CreateAsync(azurite);
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: queues.Settings());
        var (tenant, client) = await env.CreateTenantClientAsync("files");
        var jsonl = string.Join("\n", Payloads.Brief(0, tenant.TenantId), "{\"productType\":\"ebook\"}", "not json", Payloads.Brief(1, tenant.TenantId));
        var csv = "sku,name,description,category,price,color\n" +
                  "MQ-1,Speckled Mug,\"Hand-thrown, 350 ml\",Kitchen,24.00,Oatmeal\n" +
                  "MQ-2,,No name here,Kitchen,3.00,Blue\n" +
                  "MQ-3,Espresso Cup,Small cup,Kitchen,16.50,Midnight\n";
        await queues.UploadAsync($"{tenant.TenantId}/drops/briefs.jsonl", jsonl);
        await queues.UploadAsync($"{tenant.TenantId}/drops/catalog.csv", csv);

        await queues.SendSignedAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "generate", "jsonl-1", $"\"blobPath\":\"{tenant.TenantId}/drops/briefs.jsonl\""));
        await queues.SendSignedAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "enrich", "csv-1", $"\"blobPath\":\"{tenant.TenantId}/drops/catalog.csv\""));
        var jobIds = await JobsAsync(env, tenant.TenantId, 2);

        foreach (var jobId in jobIds)
        {
            var job = await client.WaitForJobAsync(jobId, ct);
            var items = await client.GetAllItemsAsync(jobId, ct);
            var failed = items.Where(i => i.Status == ItemStatus.Failed).ToList();
            Assert.Equal(JobStatus.CompletedWithErrors, job.Status);
            Assert.All(failed, i => Assert.Equal(ErrorClass.Validation, i.ErrorClass));
            Assert.All(items.Except(failed), i => Assert.Equal(ItemStatus.Succeeded, i.Status));
            if (job.Kind == JobKind.Generate)
            {
                Assert.Equal(new Core.Jobs.JobCounts(4, 0, 2, 2, 0), job.Counts);
                Assert.Equal([1, 2], failed.Select(i => i.Index));
                Assert.Contains("line 2", failed[0].ErrorMessage, StringComparison.Ordinal);
                Assert.Contains("'brief'", failed[0].ErrorMessage, StringComparison.Ordinal);
                Assert.Contains("line 3 is not valid JSON", failed[1].ErrorMessage, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(new Core.Jobs.JobCounts(3, 0, 2, 1, 0), job.Counts);
                Assert.Equal(1, Assert.Single(failed).Index);
                Assert.Contains("line 3.name: This field is required", failed[0].ErrorMessage, StringComparison.Ordinal);
                var product = await client.GetProductAsync(items[0].ProductId!, ct);
                Assert.Equal("Speckled Mug", product.Title);
            }
        }
    }

    [Fact]
    public async Task The_same_message_delivered_twice_makes_one_job()
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = await IngestQueues.CreateAsync(azurite);
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: queues.Settings());
        var (tenant, client) = await env.CreateTenantClientAsync("duplicate");
        var message = await IngestQueues.SignAsync(env, tenant.TenantId, IngestQueues.Message(tenant.TenantId, "enrich", "nightly-2026-11-23",
            "\"items\":[{\"sku\":\"D-1\",\"name\":\"Desk lamp\"},{\"sku\":\"D-2\",\"name\":\"Desk mat\"}]"));

        await queues.SendAsync(message);
        await queues.SendAsync(message);
        var metrics = env.Server.Services.GetRequiredService<IngestListenerMetrics>();
        await IngestQueues.WaitUntilAsync(() => metrics.Accepted == 2, "both deliveries accepted");
        var jobId = await SingleJobAsync(env, tenant.TenantId);
        var job = await client.WaitForJobAsync(jobId, ct);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Single(await env.Storage.JobsAsync(tenant.TenantId, ct));
        Assert.Equal(2, (await env.Storage.JobItemsAsync(tenant.TenantId, ct)).Count);
    }

    [Fact]
    public async Task Bad_json_a_forged_signature_and_a_missing_blob_end_on_the_poison_queue_with_their_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var queues = await IngestQueues.CreateAsync(azurite);
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: queues.Settings());
        var (tenant, _) = await env.CreateTenantClientAsync("poison");
        // Signed for the tenant with a key id and secret made up by whoever can write to the queue.
        var forged = IngestMessageSigner.Sign(IngestQueues.Message(tenant.TenantId, "enrich", "p-1", "\"items\":[{\"sku\":\"A\",\"name\":\"B\"}]"),
            tenant.TenantId, "k1", "cfik_guessed", DateTimeOffset.UtcNow);

        await queues.SendAsync("{\"tenantId\": oops");
        await queues.SendAsync(forged);
        var missingBlob = await queues.SendSignedAsync(env, tenant.TenantId,
            IngestQueues.Message(tenant.TenantId, "enrich", "p-2", $"\"blobPath\":\"{tenant.TenantId}/gone.csv\""));
        var envelopes = (await queues.WaitForPoisonAsync(3)).ToDictionary(e => e.Original);

        var badJson = envelopes["{\"tenantId\": oops"];
        Assert.Equal((ErrorClass.Validation, 1L), (badJson.ErrorClass, badJson.DequeueCount));
        Assert.Contains("not valid JSON", badJson.Reason, StringComparison.Ordinal);
        Assert.Equal((ErrorClass.Auth, 1L), (envelopes[forged].ErrorClass, envelopes[forged].DequeueCount));
        Assert.Contains($"Unknown signing key 'k1' for tenant '{tenant.TenantId}'", envelopes[forged].Reason, StringComparison.Ordinal);
        Assert.Equal((ErrorClass.NotFound, (long)IngestQueues.MaxDequeueCount), (envelopes[missingBlob].ErrorClass, envelopes[missingBlob].DequeueCount));
        Assert.Contains("gone.csv' does not exist", envelopes[missingBlob].Reason, StringComparison.Ordinal);
        Assert.All(envelopes.Values, e => Assert.False(e.OriginalTruncated));

        var metrics = env.Server.Services.GetRequiredService<IngestListenerMetrics>();
        await IngestQueues.WaitUntilAsync(() => metrics.Poisoned == 3, "three messages poisoned");
        Assert.Equal(1, metrics.Retried);
        Assert.Equal(0, await queues.VisibleCountAsync());
        Assert.Empty(await env.Storage.JobsAsync(tenant.TenantId, ct));
        Assert.Empty(await env.Storage.JobItemsAsync(tenant.TenantId, ct));
    }

    /// <summary>The job ids of a tenant once <paramref name="count"/> exist (ingestion is asynchronous).</summary>
    internal static async Task<List<string>> JobsAsync(ServerTestEnvironment env, string tenantId, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var jobs = await env.Storage.JobsAsync(tenantId, TestContext.Current.CancellationToken);
            if (jobs.Count >= count)
            {
                return jobs.Select(j => j.RowKey).ToList();
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{jobs.Count} of {count} jobs written after 60 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    internal static async Task<string> SingleJobAsync(ServerTestEnvironment env, string tenantId) =>
        Assert.Single(await JobsAsync(env, tenantId, 1));
}
