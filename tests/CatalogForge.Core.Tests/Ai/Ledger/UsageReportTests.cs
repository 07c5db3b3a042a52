using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Ai.Ledger;

public sealed class UsageReportTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Aggregates_per_day_and_model_for_one_tenant_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tables, _) = await LedgerStorage.CreateAsync(azurite);
        var catalog = new CatalogTables(tables);
        var tenant = LedgerStorage.NewTenant("report");
        var other = LedgerStorage.NewTenant("other");

        async Task Add(string t, string day, string model, long input, long output, int images, decimal cost, bool hit)
        {
            await catalog.Usage.AddEntityAsync(new UsageEntity
            {
                PartitionKey = $"{t}|{day}",
                RowKey = Guid.NewGuid().ToString("N"),
                TenantId = t,
                Task = images > 0 ? nameof(AiTask.Image) : nameof(AiTask.Chat),
                Model = model,
                InputTokens = input,
                OutputTokens = output,
                Images = images,
                CostMicroUsd = Money.ToMicros(cost),
                CacheHit = hit,
                At = DateTimeOffset.UtcNow,
            }, ct);
        }

        await Add(tenant, "20261122", "gpt-x", 100, 50, 0, 0.01m, false);
        await Add(tenant, "20261122", "gpt-x", 200, 70, 0, 0.02m, false);
        await Add(tenant, "20261122", "gpt-x", 100, 50, 0, 0m, true);
        await Add(tenant, "20261122", "img-x", 0, 0, 1, 0.04m, false);
        await Add(tenant, "20261123", "gpt-x", 10, 5, 0, 0.001m, false);
        await Add(tenant, "20261123", "img-x", 0, 0, 2, 0.08m, false);
        await Add(tenant, "20261124", "gpt-x", 999, 999, 0, 9m, false); // outside the range
        await Add(other, "20261122", "gpt-x", 5_000, 5_000, 0, 5m, false);
        await Add(other, "20261123", "img-x", 0, 0, 9, 9m, false);

        var report = await new UsageReport(catalog).GetAsync(tenant, new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 23), ct);

        Assert.Equal(
        [
            new UsageReportLine(new DateOnly(2026, 11, 22), "gpt-x", 3, 1, 400, 170, 0, 0.03m),
            new UsageReportLine(new DateOnly(2026, 11, 22), "img-x", 1, 0, 0, 0, 1, 0.04m),
            new UsageReportLine(new DateOnly(2026, 11, 23), "gpt-x", 1, 0, 10, 5, 0, 0.001m),
            new UsageReportLine(new DateOnly(2026, 11, 23), "img-x", 1, 0, 0, 0, 2, 0.08m),
        ], report.Lines);
        Assert.Equal(6, report.Calls);
        Assert.Equal(1, report.CacheHits);
        Assert.Equal(3, report.Images);
        Assert.Equal(0.151m, report.CostUsd);

        var empty = await new UsageReport(catalog).GetAsync(tenant, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), ct);
        Assert.Empty(empty.Lines);
        await Assert.ThrowsAsync<ArgumentException>(() => new UsageReport(catalog).GetAsync(tenant, new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1), ct));
    }

    [Fact]
    public async Task Sums_attempts_retries_429s_fallbacks_and_failed_calls()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tables, _) = await LedgerStorage.CreateAsync(azurite);
        var catalog = new CatalogTables(tables);
        var tenant = LedgerStorage.NewTenant("resilience");

        async Task Add(int attempts, int retries, int rateLimited, string? fallbackFrom, bool failed, bool hit = false) =>
            await catalog.Usage.AddEntityAsync(new UsageEntity
            {
                PartitionKey = $"{tenant}|20261123",
                RowKey = Guid.NewGuid().ToString("N"),
                TenantId = tenant,
                Task = nameof(AiTask.Chat),
                Model = "gpt-x",
                CacheHit = hit,
                Attempts = attempts,
                Retries = retries,
                RateLimited = rateLimited,
                FallbackFrom = fallbackFrom,
                Failed = failed,
                ErrorClass = failed ? "ContentPolicy" : null,
                At = DateTimeOffset.UtcNow,
            }, ct);

        await Add(1, 0, 0, null, failed: false);
        await Add(4, 3, 2, null, failed: false);
        await Add(5, 3, 1, "chat-primary", failed: false); // 4 on the primary, then 1 on the fallback
        await Add(1, 0, 0, null, failed: true);
        await Add(0, 0, 0, null, failed: false, hit: true);

        var line = Assert.Single((await new UsageReport(catalog).GetAsync(tenant, new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 23), ct)).Lines);

        Assert.Equal((5, 1, 1, 11L, 6L, 3L, 1), (line.Calls, line.CacheHits, line.FailedCalls, line.Attempts, line.Retries, line.RateLimited, line.Fallbacks));
    }

    /// <summary>A year is one partition-range query (one request per page of rows), not one query per day.</summary>
    [Fact]
    public async Task A_year_is_read_with_one_range_query_and_keeps_other_tenants_out()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tables, _) = await LedgerStorage.CreateAsync(azurite);
        var catalog = new CatalogTables(tables);
        var tenant = LedgerStorage.NewTenant("year");

        async Task Add(string partition, string model, long input) =>
            await catalog.Usage.AddEntityAsync(new UsageEntity
            {
                PartitionKey = partition,
                RowKey = Guid.NewGuid().ToString("N"),
                TenantId = partition.Split('|')[0],
                Task = nameof(AiTask.Chat),
                Model = model,
                InputTokens = input,
                At = DateTimeOffset.UtcNow,
            }, ct);

        await Add($"{tenant}|20251231", "gpt-x", 1_000); // the day before the range
        await Add($"{tenant}|20260101", "gpt-x", 1);
        await Add($"{tenant}|20260101", "gpt-y", 2);
        await Add($"{tenant}|20260630", "gpt-x", 4);
        await Add($"{tenant}|20261231", "gpt-x", 8);
        await Add($"{tenant}|20270101", "gpt-x", 2_000); // the day after
        await Add($"{tenant}0|20260630", "gpt-x", 3_000); // tenants whose ids extend this one's sort around it
        await Add($"{tenant}~|20260630", "gpt-x", 4_000);

        var requests = new CountingPolicy();
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var counted = new CatalogTables(new TableServiceClient(azurite.ConnectionString, options));

        var report = await new UsageReport(counted).GetAsync(tenant, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), ct);

        Assert.Equal(
        [
            new UsageReportLine(new DateOnly(2026, 1, 1), "gpt-x", 1, 0, 1, 0, 0, 0m),
            new UsageReportLine(new DateOnly(2026, 1, 1), "gpt-y", 1, 0, 2, 0, 0, 0m),
            new UsageReportLine(new DateOnly(2026, 6, 30), "gpt-x", 1, 0, 4, 0, 0, 0m),
            new UsageReportLine(new DateOnly(2026, 12, 31), "gpt-x", 1, 0, 8, 0, 0, 0m),
        ], report.Lines);
        Assert.InRange(requests.Count, 1, 3);
    }

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }
}
