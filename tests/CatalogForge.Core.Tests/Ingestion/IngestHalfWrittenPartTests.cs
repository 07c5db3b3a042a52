using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>
/// A delivery that loses storage half-way through writing a part (100 of 150 item rows written, no job row) on the real
/// Azurite: those rows stay invisible, never join a job of other content, and are deleted when other content takes the
/// key over; the same content finishes the job.
/// </summary>
public sealed class IngestHalfWrittenPartTests(AzuriteFixture azurite)
{
    private const int Items = 150; // two item transactions: the first is written, the second fails

    private static string Inline(string tenantId, string key, string salt) => JsonSerializer.Serialize(new
    {
        tenantId,
        idempotencyKey = key,
        kind = "enrich",
        items = Enumerable.Range(0, Items).Select(i => new { sku = $"{salt}-{i}", name = $"{salt} row {i}" }),
    }, CatalogJson.Options);

    private static async Task<(IngestTestHost Host, FailingTableBatches Storage)> HostAsync(AzuriteFixture azurite, string abandonedAfter)
    {
        var failing = new FailingTableBatches(allowed: 1);
        var host = await IngestTestHost.CreateAsync(azurite, new Dictionary<string, string?> { ["Ingestion:AbandonedWriteAge"] = abandonedAfter },
            services =>
            {
                var options = new TableClientOptions();
                options.AddPolicy(failing, HttpPipelinePosition.PerCall);
                services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
            });
        failing.Failing = false;
        return (host, failing);
    }

    [Fact]
    public async Task Rows_of_a_failed_write_are_invisible_and_deleted_when_other_content_takes_the_key_over()
    {
        var ct = TestContext.Current.CancellationToken;
        var (host, storage) = await HostAsync(azurite, abandonedAfter: "00:00:00");
        await using var _ = host;
        var tenant = await host.CreateTenantAsync("halfway");

        storage.Failing = true;
        var failed = await host.Handler.HandleAsync(await host.SignAsync(tenant.TenantId, Inline(tenant.TenantId, "fix-1", "first")), 1, null, ct);
        storage.Failing = false;
        var orphans = await ItemsAsync(host, tenant.TenantId);
        var orphanJob = orphans[0].PartitionKey.Split('|')[1];
        var visible = await host.Services.GetRequiredService<JobService>().GetItemsAsync(tenant.TenantId, orphanJob, new JobItemQuery(), ct);

        var fixedFile = await host.Handler.HandleAsync(await host.SignAsync(tenant.TenantId, Inline(tenant.TenantId, "fix-1", "fixed")), 1, null, ct);

        Assert.Equal((IngestOutcomeKind.Retry, ErrorClass.Storage), (failed.Kind, failed.ErrorClass));
        Assert.Equal(100, orphans.Count);
        Assert.Null(visible);
        Assert.Equal(IngestOutcomeKind.Accepted, fixedFile.Kind);
        var job = Assert.Single(fixedFile.JobIds);
        Assert.NotEqual(orphanJob, job);
        var items = await ItemsAsync(host, tenant.TenantId);
        Assert.Equal(Items, items.Count);
        Assert.All(items, item => Assert.Equal(job, item.PartitionKey.Split('|')[1]));
        Assert.All(items, item => Assert.Contains("fixed row", item.InputJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_content_finishes_the_half_written_job_and_other_content_is_refused_while_the_write_may_be_alive()
    {
        var ct = TestContext.Current.CancellationToken;
        var (host, storage) = await HostAsync(azurite, abandonedAfter: "01:00:00");
        await using var _ = host;
        var tenant = await host.CreateTenantAsync("finish");
        var first = Inline(tenant.TenantId, "finish-1", "first");

        storage.Failing = true;
        await host.Handler.HandleAsync(await host.SignAsync(tenant.TenantId, first), 1, null, ct);
        storage.Failing = false;
        var other = await host.Handler.HandleAsync(await host.SignAsync(tenant.TenantId, Inline(tenant.TenantId, "finish-1", "other")), 1, null, ct);
        var again = await host.Handler.HandleAsync(await host.SignAsync(tenant.TenantId, first), 2, null, ct);
        var afterJob = await host.Handler.HandleAsync(await host.SignAsync(tenant.TenantId, Inline(tenant.TenantId, "finish-1", "late")), 1, null, ct);

        Assert.Equal((IngestOutcomeKind.Retry, ErrorClass.Validation), (other.Kind, other.ErrorClass));
        Assert.Contains("is being written with other content", other.Reason, StringComparison.Ordinal);
        Assert.Equal(IngestOutcomeKind.Accepted, again.Kind);
        var items = await ItemsAsync(host, tenant.TenantId);
        Assert.Equal(Items, items.Count);
        Assert.All(items, item => Assert.Contains("first row", item.InputJson, StringComparison.Ordinal));
        Assert.Equal((IngestOutcomeKind.Poison, ErrorClass.Validation), (afterJob.Kind, afterJob.ErrorClass));
        Assert.Contains($"already made job {Assert.Single(again.JobIds)} from other content", afterJob.Reason, StringComparison.Ordinal);
    }

    private static async Task<List<JobItemEntity>> ItemsAsync(IngestTestHost host, string tenantId) =>
        await IngestJobWriterTests.QueryAsync<JobItemEntity>(host.Services.GetRequiredService<CatalogTables>().JobItems,
            TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + "}"}"));
}
