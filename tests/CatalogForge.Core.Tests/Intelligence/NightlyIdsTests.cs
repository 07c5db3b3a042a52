using Azure.Data.Tables;
using Azure.Storage.Blobs;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Storage;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Intelligence;

/// <summary>Run ids: scheduled <c>yyyyMMdd</c> and on-demand <c>yyyyMMdd-HHmmss</c>, and KeepDays pruning over both.</summary>
public sealed class NightlyIdsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 12, 9, 15, 30, 7, TimeSpan.Zero);

    [Fact]
    public void Scheduled_and_on_demand_ids_name_their_UTC_day_and_time()
    {
        Assert.Equal("20261209", NightlyIds.RunDate(At));
        Assert.Equal("20261209-153007", NightlyIds.OnDemandRunId(At));
        Assert.Equal("20261209-153007", NightlyIds.OnDemandRunId(At.ToOffset(TimeSpan.FromHours(5))));
        Assert.Equal(new DateTime(2026, 12, 9, 0, 0, 0, DateTimeKind.Utc), NightlyIds.ParseRunDate("20261209-153007"));
        Assert.Equal(new DateTime(2026, 12, 9, 0, 0, 0, DateTimeKind.Utc), NightlyIds.ParseRunDate("20261209"));
        Assert.Equal("tenant-a|nightly|20261209-153007", NightlyIds.InstanceId("tenant-a", "20261209-153007"));
    }

    [Theory]
    [InlineData("20261209", true, true)]
    [InlineData("20261209-153007", true, false)]
    [InlineData("20261309", false, false)]
    [InlineData("20261209-253007", false, false)]
    [InlineData("20261209-1530", false, false)]
    [InlineData("20261209T153007", false, false)]
    [InlineData("current", false, false)]
    [InlineData("", false, false)]
    [InlineData(null, false, false)]
    public void Only_the_two_formats_are_run_ids(string? value, bool runId, bool scheduled)
    {
        Assert.Equal(runId, NightlyIds.IsRunId(value));
        Assert.Equal(scheduled, NightlyIds.IsRunDate(value));
    }

    [Fact]
    public void A_malformed_run_id_is_not_parsed() =>
        Assert.Throws<FormatException>(() => NightlyIds.ParseRunDate("2026120"));

    [Fact]
    public void Ordinal_order_of_run_ids_is_their_time_order()
    {
        var ids = new[]
        {
            NightlyIds.OnDemandRunId(At.AddDays(1)), NightlyIds.RunDate(At), NightlyIds.OnDemandRunId(At),
            NightlyIds.RunDate(At.AddDays(1)), NightlyIds.OnDemandRunId(At.AddDays(-1).AddHours(8)),
        };

        Assert.Equal(["20261208-233007", "20261209", "20261209-153007", "20261210", "20261210-153007"], ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("20261209", 7, "20261202")]
    [InlineData("20261209-153007", 7, "20261202")]
    [InlineData("20270103-000000", 7, "20261227")]
    public void The_prune_cutoff_is_the_day_KeepDays_before_the_runs_day(string runId, int keepDays, string cutoff) =>
        Assert.Equal(cutoff, NightlyIds.PruneCutoff(runId, keepDays));

    [Fact]
    public async Task Pruning_after_an_on_demand_run_deletes_every_snapshot_of_an_earlier_day_than_the_cutoff_and_keeps_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        var tables = new TableServiceClient(azurite.ConnectionString);
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await tables.GetTableClient(StorageNames.Tables.NightlySnapshots).CreateIfNotExistsAsync(ct);
        await tables.GetTableClient(StorageNames.Tables.NightlyAlerts).CreateIfNotExistsAsync(ct);
        await blobs.GetBlobContainerClient(StorageNames.Containers.Nightly).CreateIfNotExistsAsync(cancellationToken: ct);
        var store = new NightlySnapshotStore(blobs, tables);
        var tenant = $"prune{Guid.NewGuid():N}"[..20];
        string[] snapshots = ["20261201", "20261201-120000", "20261202", "20261202-080000", "20261208-230000", "20261209", "20261209-153007"];
        foreach (var id in snapshots)
        {
            await store.Snapshots.AddEntityAsync(new NightlySnapshotEntity { PartitionKey = tenant, RowKey = id, SnapshotId = id }, ct);
            await store.WriteAsync(tenant, id, NightlySnapshotStore.Similar, Array.Empty<SimilarProducts>(), ct);
        }

        var run = "20261209-153007";
        var deleted = await store.DeleteOlderThanAsync(tenant, NightlyIds.PruneCutoff(run, keepDays: 7), new HashSet<string> { run }, ct);

        Assert.Equal(2, deleted);
        var left = new List<string>();
        await foreach (var row in store.Snapshots.QueryAsync<NightlySnapshotEntity>(e => e.PartitionKey == tenant, cancellationToken: ct))
        {
            left.Add(row.RowKey);
        }

        Assert.Equal(["20261202", "20261202-080000", "20261208-230000", "20261209", "20261209-153007"], left.Order(StringComparer.Ordinal));
        Assert.Null(await store.ReadAsync<List<SimilarProducts>>(tenant, "20261201-120000", NightlySnapshotStore.Similar, ct));
        Assert.NotNull(await store.ReadAsync<List<SimilarProducts>>(tenant, "20261202-080000", NightlySnapshotStore.Similar, ct));
    }
}
