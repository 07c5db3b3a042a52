using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CatalogForge.Core.Tests.Jobs;

/// <summary>
/// Job writes that stop between their items and their job row, against the Jobs and JobItems tables in Azurite: the
/// items stay invisible and the abandoned-write sweep deletes them once the write is old enough, never the items of a
/// write that is going on, and a writer that comes back while the sweep works creates nothing. The writer's clock is set
/// two hours back, so this sweep never mistakes another test's write in progress for an abandoned one.
/// </summary>
public sealed class AbandonedJobWriteTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan WriterLag = TimeSpan.FromHours(2);

    [Fact]
    public async Task Items_of_a_write_that_failed_before_its_job_row_are_invisible_and_swept_once_old_enough()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tables, jobs, sweeper) = await CreateAsync(ct);
        var (tenant, jobId) = NewJob();
        var row = NewRow(tenant, jobId, items: 150);
        row.ErrorsJson = new string('x', 40_000); // over the Table property limit: the job row's transaction fails after the items

        await Assert.ThrowsAnyAsync<RequestFailedException>(() => jobs.WriteNewAsync(row, Items(150), ct));

        Assert.Null(await jobs.GetAsync(tenant, jobId, ct));
        Assert.Equal(150, await CountItemsAsync(tables, tenant, jobId, ct));
        Assert.True(await MarkerExistsAsync(tables, tenant, jobId, ct));

        var early = await sweeper.SweepAsync(WriterLag + TimeSpan.FromHours(1), ct);
        Assert.Equal(150, await CountItemsAsync(tables, tenant, jobId, ct));

        var late = await sweeper.SweepAsync(TimeSpan.FromHours(1), ct);
        Assert.True(late.Swept >= 1 && late.ItemsDeleted >= 150, $"{late}");
        Assert.Equal(0, await CountItemsAsync(tables, tenant, jobId, ct));
        Assert.False(await MarkerExistsAsync(tables, tenant, jobId, ct));
        Assert.Equal(0, early.Failed + late.Failed);
    }

    [Fact]
    public async Task A_finished_write_leaves_no_marker_and_the_sweep_keeps_its_items()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tables, jobs, sweeper) = await CreateAsync(ct);
        var (tenant, jobId) = NewJob();

        Assert.True(await jobs.WriteNewAsync(NewRow(tenant, jobId, items: 3), Items(3), ct));
        await sweeper.SweepAsync(TimeSpan.FromMinutes(10), ct);

        Assert.False(await MarkerExistsAsync(tables, tenant, jobId, ct));
        Assert.NotNull(await jobs.GetAsync(tenant, jobId, ct));
        Assert.Equal(3, await CountItemsAsync(tables, tenant, jobId, ct));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_job_create_it_once_and_leave_no_marker()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tables, jobs, _) = await CreateAsync(ct);
        for (var round = 0; round < 8; round++) // the writers interleave differently each time
        {
            var (tenant, jobId) = NewJob();
            var items = 1 + round * 30;

            var results = await Task.WhenAll(
                jobs.WriteNewAsync(NewRow(tenant, jobId, items), Items(items), ct),
                jobs.WriteNewAsync(NewRow(tenant, jobId, items), Items(items), ct),
                Task.Run(async () =>
                {
                    await Task.Delay(round * 5, ct);
                    return await jobs.WriteNewAsync(NewRow(tenant, jobId, items), Items(items), ct);
                }, ct));

            Assert.Equal(1, results.Count(created => created));
            Assert.False(await MarkerExistsAsync(tables, tenant, jobId, ct), $"round {round}");
            Assert.Equal(items, await CountItemsAsync(tables, tenant, jobId, ct));
        }
    }

    [Fact]
    public async Task A_writer_that_refreshed_its_marker_keeps_it_and_one_that_comes_back_during_the_sweep_creates_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tables, jobs, _) = await CreateAsync(ct);
        var markers = new JobWriteMarkers(tables, TimeProvider.System);
        var (tenant, jobId) = NewJob();
        await markers.BeginAsync(tenant, jobId, ct);
        var seenBySweep = await ReadMarkerAsync(tables, tenant, jobId, ct);

        await markers.BeginAsync(tenant, jobId, ct); // the writer starts again after the sweep read the marker
        Assert.False(await markers.ClaimForSweepAsync(seenBySweep, ct));

        Assert.True(await markers.ClaimForSweepAsync(await ReadMarkerAsync(tables, tenant, jobId, ct), ct));
        await Assert.ThrowsAsync<JobWriteSweptException>(() => jobs.WriteNewAsync(NewRow(tenant, jobId, items: 2), Items(2), ct));
        Assert.Null(await jobs.GetAsync(tenant, jobId, ct));
        Assert.Equal(0, await CountItemsAsync(tables, tenant, jobId, ct));
    }

    private async Task<(CatalogTables Tables, JobRepository Jobs, AbandonedJobWriteSweeper Sweeper)> CreateAsync(CancellationToken ct)
    {
        var service = new TableServiceClient(azurite.ConnectionString);
        await service.CreateTableIfNotExistsAsync(StorageNames.Tables.Jobs, ct);
        await service.CreateTableIfNotExistsAsync(StorageNames.Tables.JobItems, ct);
        var tables = new CatalogTables(service);
        var writerClock = new ManualTimeProvider(DateTimeOffset.UtcNow - WriterLag);
        return (tables,
            new JobRepository(tables, writerClock, NullLogger<JobRepository>.Instance),
            new AbandonedJobWriteSweeper(tables, TimeProvider.System, NullLogger<AbandonedJobWriteSweeper>.Instance));
    }

    private static (string Tenant, string JobId) NewJob() =>
        ($"abandon{Guid.NewGuid():N}"[..20], JobIds.New(DateTimeOffset.UtcNow));

    private static JobEntity NewRow(string tenant, string jobId, int items) =>
        JobRepository.NewRow(tenant, jobId, JobKind.Generate, JobPriority.Normal, images: false, "en", null, items, DateTimeOffset.UtcNow);

    private static IEnumerable<JobItemEntity> Items(int count) => Enumerable.Range(0, count).Select(index => new JobItemEntity
    {
        RowKey = JobItemEntity.RowKeyFor(index),
        Index = index,
        ItemStatus = ItemStatus.Pending,
        InputJson = $$"""{"productType":"ebook","brief":"Item {{index}}"}""",
    });

    private static async Task<int> CountItemsAsync(CatalogTables tables, string tenant, string jobId, CancellationToken ct)
    {
        var partition = JobItemEntity.PartitionFor(tenant, jobId);
        var count = 0;
        await foreach (var _ in tables.JobItems.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: ct))
        {
            count++;
        }

        return count;
    }

    private static async Task<bool> MarkerExistsAsync(CatalogTables tables, string tenant, string jobId, CancellationToken ct) =>
        (await tables.Jobs.GetEntityIfExistsAsync<JobWriteMarkerEntity>(tenant, JobWriteMarkerEntity.RowKeyFor(jobId), cancellationToken: ct)).HasValue;

    private static async Task<JobWriteMarkerEntity> ReadMarkerAsync(CatalogTables tables, string tenant, string jobId, CancellationToken ct) =>
        (await tables.Jobs.GetEntityAsync<JobWriteMarkerEntity>(tenant, JobWriteMarkerEntity.RowKeyFor(jobId), cancellationToken: ct)).Value;
}
