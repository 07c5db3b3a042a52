using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ingestion;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeFileCollection
{
    public const string Name = "Large file ingestion (alone, so memory readings are its own)";
}

/// <summary>
/// A generated 100,000-row CSV in Azurite streamed into jobs by the same reader and writer the handler uses. The jobs are
/// written, not started (running 100k items through the AI pipeline is the benchmark's business). Prints the peak managed
/// memory growth; asserts only a generous bound that buffering the whole file would break.
/// </summary>
[Collection(LargeFileCollection.Name)]
public sealed class LargeFileIngestTests(AzuriteFixture azurite)
{
    private const int Rows = 100_000;
    private const int InvalidEvery = 50;

    [Fact]
    public async Task Hundred_thousand_row_csv_is_streamed_into_parts_with_bounded_memory()
    {
        var ct = TestContext.Current.CancellationToken;
        // All 100 parts at once: above the default per-tenant caps, which would defer the later parts.
        await using var host = await IngestTestHost.CreateAsync(azurite, new Dictionary<string, string?>
        {
            ["Jobs:MaxActiveJobsPerTenant"] = "200",
            ["Jobs:MaxQueuedItemsPerTenant"] = "200000",
        });
        var tenant = await host.CreateTenantAsync("bigfile");
        var path = $"{tenant.TenantId}/exports/catalog-100k.csv";
        var blob = host.Blobs.GetBlobContainerClient(StorageNames.Containers.Ingest).GetBlobClient(path);
        var fileBytes = await UploadGeneratedCsvAsync(blob, ct);
        var request = new IngestRequest(tenant.TenantId, "export-100k", JobKind.Enrich, JobPriority.Low, false, "en", null, path, IngestFileFormat.Csv);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        void Sample() => peak = Math.Max(peak, GC.GetTotalMemory(false));
        using var sampler = new Timer(_ => Sample(), null, 0, 10);
        var clock = Stopwatch.StartNew();

        await using var stream = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var result = await host.Writer.WriteAsync(request, IngestRowSources.CsvAsync(reader, JobKind.Enrich, ct),
            (_, _) => { Sample(); return Task.CompletedTask; }, ct);

        clock.Stop();
        Sample();
        var growthMb = (peak - baseline) / (1024.0 * 1024.0);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"ingest 100k: file {fileBytes / (1024.0 * 1024.0):F1} MB, {result.JobIds.Count} jobs, {clock.Elapsed.TotalSeconds:F1} s, " +
            $"{Rows / clock.Elapsed.TotalSeconds:F0} rows/s, peak managed memory growth {growthMb:F1} MB");

        Assert.Equal((Rows, Rows / InvalidEvery), (result.Rows, result.InvalidRows));
        Assert.Equal(100, result.JobIds.Count);
        var tables = host.Services.GetRequiredService<CatalogTables>();
        var jobs = await IngestJobWriterTests.JobRowsAsync(tables, tenant.TenantId);
        Assert.Equal(100, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(1000, j.ItemCount));
        Assert.Equal(Rows, await CountItemsAsync(tables.JobItems, tenant.TenantId, null, ct));
        Assert.Equal(Rows / InvalidEvery, await CountItemsAsync(tables.JobItems, tenant.TenantId, nameof(ItemStatus.Failed), ct));
        Assert.True(growthMb < 100, $"peak managed memory grew by {growthMb:F1} MB while streaming a {fileBytes / (1024 * 1024)} MB file");
    }

    /// <summary>Writes the CSV to a temporary file row by row and uploads it from there; every 50th row has no name.</summary>
    private static async Task<long> UploadGeneratedCsvAsync(Azure.Storage.Blobs.BlobClient blob, CancellationToken ct)
    {
        var file = Path.Combine(Path.GetTempPath(), $"catalog-100k-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
            {
                await writer.WriteLineAsync("sku,name,description,category,brand,price,color,material");
                for (var i = 1; i <= Rows; i++)
                {
                    var name = i % InvalidEvery == 0 ? "" : $"\"Stoneware mug, no. {i}\"";
                    await writer.WriteLineAsync(
                        $"SKU-{i:D6},{name},\"Hand-thrown 350 ml mug with a speckled glaze, dishwasher safe (batch {i % 97})\",Kitchen,Maple & Quill,{10 + i % 40}.50,Oatmeal,Stoneware");
                }
            }

            await blob.UploadAsync(file, ct);
            return new FileInfo(file).Length;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<int> CountItemsAsync(TableClient items, string tenantId, string? status, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + "}"}");
        if (status is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status}");
        }

        var count = 0;
        await foreach (var page in items.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey"], ct).AsPages())
        {
            count += page.Values.Count;
        }

        return count;
    }
}
