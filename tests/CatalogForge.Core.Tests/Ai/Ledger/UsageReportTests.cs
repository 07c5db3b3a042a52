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
}
