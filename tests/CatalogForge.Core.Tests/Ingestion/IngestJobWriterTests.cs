using System.Text.Json;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ingestion;

/// <summary>Rows into jobs on the real Azurite: parts, invalid rows, idempotency across deliveries and crashes.</summary>
public sealed class IngestJobWriterTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> PartsOfFour = new() { ["Jobs:MaxItemsPerJob"] = "4" };

    private static IngestRequest Request(string tenantId, string key, JsonElement items) =>
        new(tenantId, key, JobKind.Enrich, JobPriority.Low, Images: false, "en", items, null, null);

    /// <summary>Ten catalog rows, rows 3 and 7 invalid (no name; negative price).</summary>
    private static JsonElement TenRows() => JsonSerializer.SerializeToElement(Enumerable.Range(0, 10).Select(i => i switch
    {
        3 => (object)new { sku = "S-3" },
        7 => new { sku = "S-7", name = "Seven", price = -1 },
        _ => new { sku = $"S-{i}", name = $"Row {i}" },
    }));

    [Fact]
    public async Task Rows_become_parts_of_MaxItemsPerJob_with_invalid_rows_as_failed_items_and_a_redelivery_writes_nothing_new()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, PartsOfFour);
        var tenant = await host.CreateTenantAsync("parts");
        var request = Request(tenant.TenantId, "nightly-1", TenRows());
        var written = new List<string>();

        var first = await host.Writer.WriteAsync(request, IngestRowSources.InlineAsync(request.Items!.Value), Record(written), ct);
        var second = await host.Writer.WriteAsync(request, IngestRowSources.InlineAsync(request.Items!.Value), Record(written), ct);

        Assert.Equal(3, first.JobIds.Count);
        Assert.Equal((10, 2), (first.Rows, first.InvalidRows));
        Assert.Equal(first.JobIds, second.JobIds);
        Assert.Equal([.. first.JobIds, .. first.JobIds], written);

        var tables = host.Services.GetRequiredService<CatalogTables>();
        var jobs = await QueryAsync<JobEntity>(tables.Jobs, $"PartitionKey eq '{tenant.TenantId}' and RowKey ne '{JobTotalsEntity.RowKeyValue}'");
        Assert.Equal(first.JobIds.Order(), jobs.Select(j => j.RowKey).Order());
        var byId = jobs.ToDictionary(j => j.RowKey);
        Assert.Equal([4, 4, 2], first.JobIds.Select(id => byId[id].ItemCount));
        Assert.Equal(["nightly-1", "nightly-1#part-2", "nightly-1#part-3"], first.JobIds.Select(id => byId[id].IdempotencyKey));
        Assert.All(jobs, j => Assert.Equal((nameof(JobStatus.Pending), nameof(JobPriority.Low), false), (j.Status, j.Priority, j.Images)));

        var part1 = await ItemsAsync(tables, tenant.TenantId, first.JobIds[0]);
        var part2 = await ItemsAsync(tables, tenant.TenantId, first.JobIds[1]);
        Assert.Equal([0, 1, 2, 3], part1.Select(i => i.Index));
        var noName = part1[3];
        Assert.Equal((nameof(ItemStatus.Failed), nameof(ErrorClass.Validation), IngestJobWriter.RejectedStep),
            (noName.Status, noName.ErrorClass, noName.FailedStep));
        Assert.Contains("items[3]", noName.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("\"sku\":\"S-3\"", noName.InputJson, StringComparison.Ordinal);
        Assert.Contains("price", part2[3].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(6, part1.Concat(part2).Count(i => i.Status == nameof(ItemStatus.Pending)));
    }

    [Fact]
    public async Task After_a_crash_between_parts_the_next_delivery_reuses_the_written_jobs_and_adds_only_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, PartsOfFour);
        var tenant = await host.CreateTenantAsync("crash");
        var request = Request(tenant.TenantId, "crash-1", TenRows());
        var beforeCrash = new List<string>();

        await Assert.ThrowsAsync<IOException>(() => host.Writer.WriteAsync(request, IngestRowSources.InlineAsync(request.Items!.Value),
            (job, _) =>
            {
                beforeCrash.Add(job.JobId);
                return beforeCrash.Count == 2 ? throw new IOException("host killed") : Task.CompletedTask;
            }, ct));
        var after = await host.Writer.WriteAsync(request, IngestRowSources.InlineAsync(request.Items!.Value), (_, _) => Task.CompletedTask, ct);

        Assert.Equal(beforeCrash, after.JobIds.Take(2));
        var tables = host.Services.GetRequiredService<CatalogTables>();
        var jobs = await QueryAsync<JobEntity>(tables.Jobs, $"PartitionKey eq '{tenant.TenantId}' and RowKey ne '{JobTotalsEntity.RowKeyValue}'");
        Assert.Equal(after.JobIds.Order(), jobs.Select(j => j.RowKey).Order());
        var claims = await QueryAsync<JobIdempotencyEntity>(tables.JobIdempotency, $"PartitionKey eq '{tenant.TenantId}'");
        Assert.Equal(3, claims.Count);
    }

    private static Func<JobRef, CancellationToken, Task> Record(List<string> written) => (job, _) =>
    {
        written.Add(job.JobId);
        return Task.CompletedTask;
    };

    internal static async Task<List<T>> QueryAsync<T>(TableClient table, string filter) where T : class, ITableEntity, new()
    {
        var rows = new List<T>();
        await foreach (var row in table.QueryAsync<T>(filter, cancellationToken: TestContext.Current.CancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<List<JobItemEntity>> ItemsAsync(CatalogTables tables, string tenantId, string jobId) =>
        (await QueryAsync<JobItemEntity>(tables.JobItems, TableClient.CreateQueryFilter($"PartitionKey eq {ProductIds.ItemPartition(tenantId, jobId)}")))
        .OrderBy(i => i.Index).ToList();
}
