using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tests.Ingestion;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Jobs;

/// <summary>
/// Per-tenant caps on unfinished jobs and their items, over Core's real job service, ingestion and the Jobs table in
/// Azurite: over a cap nothing is written (no item, no job row, no idempotency claim), and room comes back as jobs end.
/// </summary>
public sealed class TenantCapsTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string?> Caps = new()
    {
        ["Jobs:MaxActiveJobsPerTenant"] = "2",
        ["Jobs:MaxQueuedItemsPerTenant"] = "5",
        ["Jobs:MaxItemsPerJob"] = "5",
        ["Jobs:CapRetryAfter"] = "00:00:42",
    };

    [Fact]
    public async Task A_job_over_the_active_jobs_cap_is_refused_writing_nothing_until_one_has_finished()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, Caps);
        var tenant = (await host.CreateTenantAsync("cap-jobs")).TenantId;
        var jobs = host.Services.GetRequiredService<IJobService>();
        var first = await jobs.SubmitAsync(tenant, Request(1), ct);
        await jobs.SubmitAsync(tenant, Request(1), ct);

        var refused = await Assert.ThrowsAsync<TenantCapExceededException>(() => jobs.SubmitAsync(tenant, Request(1, key: "third"), ct));

        Assert.Equal((JobCaps.ActiveJobsSetting, 2L, 2L, TimeSpan.FromSeconds(42)), (refused.Setting, refused.Limit, refused.Current, refused.RetryAfter));
        await AssertStoredAsync(host, tenant, jobRows: 2, ct);
        Assert.Null(await host.Services.GetRequiredService<JobRepository>().FindIdempotencyClaimAsync(tenant, "third", ct));

        await FinishAsync(host, tenant, first.Accepted!.JobId, ct);
        var third = await jobs.SubmitAsync(tenant, Request(1, key: "third"), ct);
        Assert.False(third.Existing);
        await AssertStoredAsync(host, tenant, jobRows: 3, ct);
    }

    [Fact]
    public async Task A_job_over_the_queued_items_cap_is_refused_and_the_counter_follows_jobs_to_their_end()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, Caps);
        var tenant = (await host.CreateTenantAsync("cap-items")).TenantId;
        var jobs = host.Services.GetRequiredService<IJobService>();
        var first = await jobs.SubmitAsync(tenant, Request(3), ct);

        var refused = await Assert.ThrowsAsync<TenantCapExceededException>(() => jobs.SubmitAsync(tenant, Request(3), ct));

        Assert.Equal((JobCaps.QueuedItemsSetting, 5L, 3L, 3), (refused.Setting, refused.Limit, refused.Current, refused.Requested));
        Assert.Equal(3, await QueuedItemsAsync(host, tenant, ct));
        await FinishAsync(host, tenant, first.Accepted!.JobId, ct);
        Assert.Equal(0, await QueuedItemsAsync(host, tenant, ct));
        await jobs.SubmitAsync(tenant, Request(5), ct);
        Assert.Equal(5, await QueuedItemsAsync(host, tenant, ct));
    }

    [Fact]
    public async Task At_the_cap_a_resubmission_of_a_job_that_exists_still_answers_with_that_job()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, Caps);
        var tenant = (await host.CreateTenantAsync("cap-replay")).TenantId;
        var jobs = host.Services.GetRequiredService<IJobService>();
        var first = await jobs.SubmitAsync(tenant, Request(1, key: "order-1"), ct);
        await jobs.SubmitAsync(tenant, Request(1), ct);

        var replay = await jobs.SubmitAsync(tenant, Request(1, key: "order-1"), ct);

        Assert.True(replay.Existing);
        Assert.Equal(first.Accepted!.JobId, replay.Accepted!.JobId);
    }

    [Fact]
    public async Task A_retry_round_over_a_cap_is_refused_in_the_transaction_that_claims_it_not_only_by_the_pre_check()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, Caps);
        var tenant = (await host.CreateTenantAsync("cap-retry")).TenantId;
        var jobs = host.Services.GetRequiredService<IJobService>();
        var repository = host.Services.GetRequiredService<JobRepository>();
        var caps = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobLimits>>().Value.Caps;
        var failed = (await jobs.SubmitAsync(tenant, Request(1), ct)).Accepted!.JobId;
        await repository.UpdateAsync(tenant, failed, row =>
        {
            (row.JobStatus, row.Failed) = (JobStatus.CompletedWithErrors, 1);
            return true;
        }, ct);
        var second = (await jobs.SubmitAsync(tenant, Request(1), ct)).Accepted!.JobId;
        await jobs.SubmitAsync(tenant, Request(1), ct);

        // The claim of a round as a concurrent retry would make it after passing the pre-check just before the cap filled.
        Func<JobEntity, bool> claimRound = row =>
        {
            (row.JobStatus, row.RetryRound) = (JobStatus.Pending, row.RetryRound + 1);
            return true;
        };
        var refused = await Assert.ThrowsAsync<TenantCapExceededException>(() => repository.UpdateAsync(tenant, failed, claimRound, caps, ct));

        Assert.Equal(JobCaps.ActiveJobsSetting, refused.Setting);
        var unchanged = await repository.GetAsync(tenant, failed, ct);
        Assert.Equal((JobStatus.CompletedWithErrors, 0), (unchanged!.JobStatus, unchanged.RetryRound));
        var totals = await repository.GetTotalsAsync(tenant, ct);
        Assert.Equal((2, 1), (totals.Pending + totals.Running, totals.CompletedWithErrors));

        await FinishAsync(host, tenant, second, ct);
        var claimed = await repository.UpdateAsync(tenant, failed, claimRound, caps, ct);
        Assert.Equal((JobStatus.Pending, 1), (claimed.JobStatus, claimed.RetryRound));
    }

    [Fact]
    public async Task An_ingest_message_over_a_cap_is_deferred_not_poisoned_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite, Caps);
        var tenant = (await host.CreateTenantAsync("cap-ingest")).TenantId;
        var jobs = host.Services.GetRequiredService<IJobService>();
        await jobs.SubmitAsync(tenant, Request(1), ct);
        await jobs.SubmitAsync(tenant, Request(1), ct);
        var message = JsonSerializer.Serialize(new
        {
            tenantId = tenant,
            idempotencyKey = "nightly-1",
            kind = "generate",
            items = new[] { new { productType = "ebook", brief = "A guide to knots." } },
        }, CatalogJson.Options);

        // Far past Ingestion:MaxDequeueCount: a cap is not a fault, so it never turns into poison.
        var outcome = await host.Handler.HandleAsync(await host.SignAsync(tenant, message), dequeueCount: 50, insertedOn: null, ct);

        Assert.Equal(IngestOutcomeKind.Deferred, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(42), outcome.RetryAfter);
        Assert.Contains(JobCaps.ActiveJobsSetting, outcome.Reason, StringComparison.Ordinal);
        await AssertStoredAsync(host, tenant, jobRows: 2, ct);
    }

    private static SubmitJobRequest Request(int items, string? key = null) => new()
    {
        Kind = "generate",
        Items = JsonSerializer.SerializeToElement(Enumerable.Range(0, items)
            .Select(i => new { productType = "ebook", brief = $"A guide to knots, part {i} {Guid.NewGuid():N}." })),
        IdempotencyKey = key,
    };

    private static async Task FinishAsync(IngestTestHost host, string tenant, string jobId, CancellationToken ct) =>
        await host.Services.GetRequiredService<JobRepository>().UpdateAsync(tenant, jobId, row =>
        {
            row.JobStatus = JobStatus.Completed;
            return true;
        }, ct);

    private static async Task<long> QueuedItemsAsync(IngestTestHost host, string tenant, CancellationToken ct) =>
        (await host.Services.GetRequiredService<CatalogTables>().Jobs
            .GetEntityAsync<JobTotalsEntity>(tenant, JobTotalsEntity.RowKeyValue, cancellationToken: ct)).Value.QueuedItems;

    /// <summary>The tenant's job rows, and no item partition but theirs.</summary>
    private static async Task AssertStoredAsync(IngestTestHost host, string tenant, int jobRows, CancellationToken ct)
    {
        var tables = host.Services.GetRequiredService<CatalogTables>();
        var ids = new List<string>();
        await foreach (var row in tables.Jobs.QueryAsync<JobEntity>(j => j.PartitionKey == tenant, cancellationToken: ct))
        {
            if (string.CompareOrdinal(row.RowKey, JobTotalsEntity.RowKeyValue) < 0)
            {
                ids.Add(row.RowKey);
            }
        }

        Assert.Equal(jobRows, ids.Count);
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        var prefix = JobItemEntity.PartitionFor(tenant, "");
        await foreach (var item in tables.JobItems.QueryAsync<JobItemEntity>(
            i => i.PartitionKey.CompareTo(prefix) >= 0 && i.PartitionKey.CompareTo(prefix + "~") < 0, select: ["PartitionKey"], cancellationToken: ct))
        {
            partitions.Add(item.PartitionKey);
        }

        Assert.Equal(ids.Select(id => JobItemEntity.PartitionFor(tenant, id)).Order(StringComparer.Ordinal), partitions.Order(StringComparer.Ordinal));
    }
}
