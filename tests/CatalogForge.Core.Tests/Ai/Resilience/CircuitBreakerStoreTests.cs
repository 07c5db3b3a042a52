using Azure.Data.Tables;
using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Ai.Resilience;

public sealed class CircuitBreakerStoreTests(AzuriteFixture azurite)
{
    private static readonly CircuitBreakerOptions Options = new() { FailureThreshold = 3, BreakDuration = TimeSpan.FromSeconds(30) };

    private async Task<TableClient> TableAsync()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(StorageNames.Tables.CircuitBreakers);
        await table.CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        return table;
    }

    private static string NewDeployment() => "gpt-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Consecutive_failures_open_it_for_every_instance_then_one_probe_and_a_success_close_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await TableAsync();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var first = new CircuitBreakerStore(table, Options, clock);
        var second = new CircuitBreakerStore(table, Options, clock);
        var deployment = NewDeployment();

        Assert.False(await first.IsOpenAsync(deployment, ct));
        await first.RecordFailureAsync(deployment, ErrorClass.ServerError, ct);
        await second.RecordFailureAsync(deployment, ErrorClass.Timeout, ct);
        Assert.False(await second.IsOpenAsync(deployment, ct));
        var opened = await first.RecordFailureAsync(deployment, ErrorClass.RateLimited, ct);

        Assert.Equal(CircuitState.Open, opened.State);
        Assert.Equal(3, opened.ConsecutiveFailures);
        Assert.Equal(clock.GetUtcNow(), opened.OpenedAt);
        Assert.Equal(Options.BreakDuration, opened.BreakDuration);
        Assert.True(await first.IsOpenAsync(deployment, ct));
        Assert.True(await second.IsOpenAsync(deployment, ct));

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True(await second.IsOpenAsync(deployment, ct));

        clock.Advance(TimeSpan.FromSeconds(2));
        var probes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? first : second).IsOpenAsync(deployment, ct)));
        Assert.Equal(1, probes.Count(open => !open));
        Assert.Equal(CircuitState.HalfOpen, (await second.GetAsync(deployment, ct)).State);
        Assert.True(await first.IsOpenAsync(deployment, ct));

        var closed = await second.RecordSuccessAsync(deployment, ct);
        Assert.Equal(CircuitState.Closed, closed.State);
        Assert.Equal(0, closed.ConsecutiveFailures);
        Assert.False(await first.IsOpenAsync(deployment, ct));
        Assert.False(await second.IsOpenAsync(deployment, ct));
    }

    [Fact]
    public async Task A_failed_probe_opens_it_again_for_a_full_break()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var store = new CircuitBreakerStore(await TableAsync(), Options, clock);
        var deployment = NewDeployment();
        for (var i = 0; i < Options.FailureThreshold; i++)
        {
            await store.RecordFailureAsync(deployment, ErrorClass.Network, ct);
        }

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(await store.IsOpenAsync(deployment, ct));
        var reopened = await store.RecordFailureAsync(deployment, ErrorClass.ServerError, ct);

        Assert.Equal(CircuitState.Open, reopened.State);
        Assert.Equal(clock.GetUtcNow(), reopened.OpenedAt);
        Assert.True(await store.IsOpenAsync(deployment, ct));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.False(await store.IsOpenAsync(deployment, ct));
    }

    [Fact]
    public async Task Client_errors_do_not_count_and_a_success_resets_the_count()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new CircuitBreakerStore(await TableAsync(), Options, TimeProvider.System);
        var deployment = NewDeployment();

        foreach (var errorClass in new[] { ErrorClass.BadRequest, ErrorClass.Auth, ErrorClass.ContentPolicy, ErrorClass.NotFound, ErrorClass.QuotaExceeded })
        {
            await store.RecordFailureAsync(deployment, errorClass, ct);
        }

        await store.RecordFailureAsync(deployment, ErrorClass.ServerError, ct);
        await store.RecordFailureAsync(deployment, ErrorClass.ServerError, ct);
        await store.RecordSuccessAsync(deployment, ct);
        await store.RecordFailureAsync(deployment, ErrorClass.ServerError, ct);
        await store.RecordFailureAsync(deployment, ErrorClass.ServerError, ct);

        var snapshot = await store.GetAsync(deployment, ct);
        Assert.Equal(CircuitState.Closed, snapshot.State);
        Assert.Equal(2, snapshot.ConsecutiveFailures);
        Assert.False(await store.IsOpenAsync(deployment, ct));
    }

    [Fact]
    public async Task Concurrent_failures_from_two_instances_are_all_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        var table = await TableAsync();
        var options = new CircuitBreakerOptions { FailureThreshold = 100, BreakDuration = TimeSpan.FromSeconds(30) };
        var stores = new[] { new CircuitBreakerStore(table, options), new CircuitBreakerStore(table, options) };
        var deployment = NewDeployment();

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => stores[i % 2].RecordFailureAsync(deployment, ErrorClass.Timeout, ct)));

        Assert.Equal(10, (await stores[0].GetAsync(deployment, ct)).ConsecutiveFailures);
    }
}
