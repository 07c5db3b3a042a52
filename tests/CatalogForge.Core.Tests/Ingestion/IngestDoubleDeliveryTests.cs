using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>
/// Two deliveries of one message on two hosts (the visibility timeout lapsed while the first host was still at it), on
/// the real Azurite, interleaved at the worst moment: delivery B has claimed part 1 and found no job row, then is held just
/// before writing the part's items; meanwhile delivery A writes every part, and "the engine" (the real
/// <see cref="JobItemWriter.FinishAsync"/>) finishes A's items. Then B goes on.
/// </summary>
public sealed class IngestDoubleDeliveryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_late_second_delivery_writes_no_second_job_and_resets_no_finished_item()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new FirstTableBatchGate();
        await using var hostA = await IngestTestHost.CreateAsync(azurite, IngestJobWriterTests.PartsOfFour);
        await using var hostB = await IngestTestHost.CreateAsync(azurite, IngestJobWriterTests.PartsOfFour, services =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(gate, HttpPipelinePosition.PerCall);
            services.AddSingleton(new TableServiceClient(azurite.ConnectionString, options));
        });
        var tenant = await hostA.CreateTenantAsync("twice");
        var items = JsonSerializer.SerializeToElement(Enumerable.Range(0, 10).Select(i => i == 5
            ? (object)new { sku = "S-5" } // invalid: no name, so parts hold a Failed item as well
            : new { sku = $"S-{i}", name = $"Row {i}" }));
        var request = new IngestRequest(tenant.TenantId, "twice-1", JobKind.Enrich, JobPriority.Normal, false, "en", items, null, null);
        var startedByA = new List<string>();
        var startedByB = new List<string>();

        var deliveryB = hostB.Writer.WriteAsync(request, IngestRowSources.InlineAsync(items), Record(startedByB), ct);
        await gate.Arrived.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var a = await hostA.Writer.WriteAsync(request, IngestRowSources.InlineAsync(items), async (job, token) =>
        {
            startedByA.Add(job.JobId);
            await FinishPendingItemsAsync(hostA, job, token);
        }, ct);
        var finished = await ItemsAsync(hostA, tenant.TenantId);
        gate.Release();
        var b = await deliveryB;

        Assert.Equal(3, a.JobIds.Count);
        Assert.Equal(a.JobIds, b.JobIds);
        Assert.Equal(a.JobIds, startedByA);
        Assert.Equal(a.JobIds, startedByB); // the same job ids, so the same workflow instance ids: a second start is a no-op

        var tables = hostA.Services.GetRequiredService<CatalogTables>();
        var jobs = await IngestJobWriterTests.JobRowsAsync(tables, tenant.TenantId);
        Assert.Equal(a.JobIds.Order(), jobs.Select(j => j.RowKey).Order());
        Assert.Equal([4, 4, 2], a.JobIds.Select(id => jobs.Single(j => j.RowKey == id).ItemCount));
        var totals = (await tables.Jobs.GetEntityAsync<JobTotalsEntity>(tenant.TenantId, JobTotalsEntity.RowKeyValue, cancellationToken: ct)).Value;
        Assert.Equal(3, totals.Pending); // each part counted once
        var claims = await IngestJobWriterTests.QueryAsync<JobIdempotencyEntity>(tables.JobIdempotency,
            TableClient.CreateQueryFilter($"PartitionKey eq {tenant.TenantId}"));
        Assert.Equal(3, claims.Count);

        Assert.Equal(9, finished.Count(i => i.Status == nameof(ItemStatus.Succeeded)));
        var after = await ItemsAsync(hostA, tenant.TenantId);
        Assert.Equal(
            finished.Select(i => (i.PartitionKey, i.RowKey, i.Status, i.ETag)),
            after.Select(i => (i.PartitionKey, i.RowKey, i.Status, i.ETag)));
    }

    private static Func<JobRef, CancellationToken, Task> Record(List<string> started) => (job, _) =>
    {
        started.Add(job.JobId);
        return Task.CompletedTask;
    };

    /// <summary>What the save activity does for each item of a started job: the real item writer sets it Succeeded.</summary>
    private static async Task FinishPendingItemsAsync(IngestTestHost host, JobRef job, CancellationToken ct)
    {
        var writer = host.Services.GetRequiredService<JobItemWriter>();
        var tables = host.Services.GetRequiredService<CatalogTables>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {JobItemEntity.PartitionFor(job.TenantId, job.JobId)} and Status eq {nameof(ItemStatus.Pending)}");
        await foreach (var row in tables.JobItems.QueryAsync<JobItemEntity>(filter, cancellationToken: ct))
        {
            await writer.FinishAsync(job, row, new AiCost(10, 20, 30), r => r.Status = nameof(ItemStatus.Succeeded), ct);
        }
    }

    /// <summary>Every item of the tenant's jobs (their partitions start with the tenant id), in key order.</summary>
    private static async Task<List<JobItemEntity>> ItemsAsync(IngestTestHost host, string tenantId)
    {
        var tables = host.Services.GetRequiredService<CatalogTables>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + "}"}");
        return (await IngestJobWriterTests.QueryAsync<JobItemEntity>(tables.JobItems, filter))
            .OrderBy(i => i.PartitionKey, StringComparer.Ordinal).ThenBy(i => i.RowKey, StringComparer.Ordinal).ToList();
    }
}
