using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
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
    internal static readonly Dictionary<string, string?> PartsOfFour = new() { ["Jobs:MaxItemsPerJob"] = "4" };

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
        var jobs = await JobRowsAsync(tables, tenant.TenantId);
        Assert.Equal(first.JobIds.Order(), jobs.Select(j => j.RowKey).Order());
        var byId = jobs.ToDictionary(j => j.RowKey);
        Assert.Equal([4, 4, 2], first.JobIds.Select(id => byId[id].ItemCount));
        Assert.Equal(["nightly-1", "nightly-1#part-2", "nightly-1#part-3"], first.JobIds.Select(id => byId[id].IdempotencyKey));
        Assert.All(jobs, j => Assert.Equal((nameof(JobStatus.Pending), nameof(JobPriority.Low), false), (j.Status, j.Priority, j.Images)));

        var part1 = await ItemsAsync(tables, tenant.TenantId, first.JobIds[0]);
        var part2 = await ItemsAsync(tables, tenant.TenantId, first.JobIds[1]);
        Assert.Equal([0, 1, 2, 3], part1.Select(i => i.Index));
        var noName = part1[3];
        Assert.Equal((nameof(ItemStatus.Failed), nameof(ErrorClass.Validation), JobItemEntity.RejectedStep),
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
        var jobs = await JobRowsAsync(tables, tenant.TenantId);
        Assert.Equal(after.JobIds.Order(), jobs.Select(j => j.RowKey).Order());
        var claims = await QueryAsync<JobIdempotencyEntity>(tables.JobIdempotency, $"PartitionKey eq '{tenant.TenantId}'");
        Assert.Equal(3, claims.Count);
    }

    [Fact]
    public async Task A_json_line_of_several_MB_becomes_a_failed_item_and_the_lines_after_it_are_read()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite);
        var tenant = await host.CreateTenantAsync("longline");
        var path = $"{tenant.TenantId}/exports/long-line.jsonl";
        var hugeLine = $"{{\"sku\":\"BIG\",\"name\":\"{new string('x', 5 * 1024 * 1024)}\"}}";
        await host.UploadAsync(path, $"{{\"sku\":\"A-1\",\"name\":\"First\"}}\n{hugeLine}\n\n{{\"sku\":\"A-4\",\"name\":\"Fourth\"}}\n");
        var request = new IngestRequest(tenant.TenantId, "long-line-1", JobKind.Enrich, JobPriority.Normal, false, "en", null, path, IngestFileFormat.Jsonl);

        var blob = host.Blobs.GetBlobContainerClient(StorageNames.Containers.Ingest).GetBlobClient(path);
        await using var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var result = await host.Writer.WriteAsync(request, IngestRowSources.JsonLinesAsync(reader, ct), (_, _) => Task.CompletedTask, ct);

        Assert.Equal((3, 1), (result.Rows, result.InvalidRows));
        var items = await ItemsAsync(host.Services.GetRequiredService<CatalogTables>(), tenant.TenantId, Assert.Single(result.JobIds));
        Assert.Equal([nameof(ItemStatus.Pending), nameof(ItemStatus.Failed), nameof(ItemStatus.Pending)], items.Select(i => i.Status));
        var tooLong = items[1];
        Assert.Equal((nameof(ErrorClass.Validation), JobItemEntity.RejectedStep), (tooLong.ErrorClass, tooLong.FailedStep));
        Assert.Equal(
            $"line 2 is {hugeLine.Length} characters long, more than the {IngestRowSources.MaxLineChars} allowed for a JSON line; it was skipped.",
            tooLong.ErrorMessage);
        Assert.StartsWith("{\"sku\":\"BIG\"", tooLong.InputJson, StringComparison.Ordinal);
        Assert.True(tooLong.InputJson!.Length <= 30_000, $"{tooLong.InputJson.Length} characters of raw input kept");
        Assert.Contains("\"sku\":\"A-4\"", items[2].InputJson, StringComparison.Ordinal);
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

    /// <summary>The tenant's job rows, without the totals row and write markers that share their partition (and sort after them).</summary>
    internal static Task<List<JobEntity>> JobRowsAsync(CatalogTables tables, string tenantId) =>
        QueryAsync<JobEntity>(tables.Jobs, TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and RowKey lt {JobTotalsEntity.RowKeyValue}"));

    private static async Task<List<JobItemEntity>> ItemsAsync(CatalogTables tables, string tenantId, string jobId) =>
        (await QueryAsync<JobItemEntity>(tables.JobItems, TableClient.CreateQueryFilter($"PartitionKey eq {JobItemEntity.PartitionFor(tenantId, jobId)}")))
        .OrderBy(i => i.Index).ToList();
}
