using System.Globalization;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>GET /api/jobs: the created range and the per-status totals.</summary>
public sealed class JobsApiListTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_created_range_selects_jobs_by_creation_time_newest_first()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("range");
        var salt = Guid.NewGuid().ToString("N");

        // The gaps only keep the three creation times in distinct milliseconds around the two bounds.
        var first = await client.SubmitJobAsync(Payloads.Generate(1, salt + "1", images: false), ct);
        var from = await InstantBetweenAsync(ct);
        var second = await client.SubmitJobAsync(Payloads.Generate(1, salt + "2", images: false), ct);
        var to = await InstantBetweenAsync(ct);
        var third = await client.SubmitJobAsync(Payloads.Generate(1, salt + "3", images: false), ct);
        foreach (var id in new[] { first.JobId, second.JobId, third.JobId })
        {
            await client.WaitForJobAsync(id, ct);
        }

        Assert.Equal([second.JobId], await IdsAsync(client, $"?createdFrom={Iso(from)}&createdTo={Iso(to)}", ct));
        Assert.Equal([third.JobId, second.JobId], await IdsAsync(client, $"?createdFrom={Iso(from)}", ct));
        Assert.Equal([first.JobId], await IdsAsync(client, $"?createdFrom=2000-01-01&createdTo={Iso(from)}", ct));
        Assert.Equal([third.JobId], await IdsAsync(client, $"?createdFrom={Iso(to)}&kind=generate&status=Completed", ct));
        Assert.Empty(await IdsAsync(client, $"?createdFrom={Iso(from)}&createdTo={Iso(to)}&kind=enrich", ct));

        // A day with an offset: the whole UTC range around now holds all three.
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'00:00:00zzz", CultureInfo.InvariantCulture);
        Assert.Equal(3, (await IdsAsync(client, $"?createdFrom={Uri.EscapeDataString(today)}&createdTo=2200-01-01", ct)).Count);
    }

    [Fact]
    public async Task Totals_per_status_come_with_every_page_and_match_the_stored_jobs()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("totals");
        Assert.Equal(JobTotals.Zero, (await client.ListJobsAsync("", ct)).Totals);

        var salt = Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await client.SubmitJobAsync(Payloads.Generate(1, salt + i, images: false), ct)).JobId);
        }

        foreach (var id in ids)
        {
            await client.WaitForJobAsync(id, ct);
        }

        var page = await client.ListJobsAsync("?pageSize=1&status=Completed", ct);

        Assert.Single(page.Items);
        Assert.NotNull(page.ContinuationToken);
        Assert.Equal(new JobTotals(0, 0, 3, 0, 0, 0), page.Totals);
        var stored = await env.Storage.JobsAsync(tenant.TenantId, ct);
        Assert.Equal(3, stored.Count(row => row.GetString("Status") == nameof(JobStatus.Completed)));
        var totalsRow = Assert.Single(await env.Storage.PartitionAsync(StorageNames.Tables.Jobs, tenant.TenantId, ct),
            row => row.RowKey == Core.Storage.Entities.JobTotalsEntity.RowKeyValue);
        Assert.Equal(0, totalsRow.GetInt32("Running"));
        Assert.Equal(0, totalsRow.GetInt32("Pending"));
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task<DateTimeOffset> InstantBetweenAsync(CancellationToken ct)
    {
        await Task.Delay(20, ct);
        var instant = DateTimeOffset.UtcNow;
        await Task.Delay(20, ct);
        return instant;
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string query, CancellationToken ct)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await client.ListJobsAsync(query + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"), ct);
            ids.AddRange(page.Items.Select(job => job.JobId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return ids;
    }
}
