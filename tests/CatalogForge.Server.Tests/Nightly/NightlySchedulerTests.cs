using Azure.Data.Tables;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Triggers;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tenancy;
using CatalogForge.Server.Engine;
using CatalogForge.Server.Nightly;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Cronos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Server.Tests.Nightly;

/// <summary>
/// The Server's nightly scheduler on its engine, against a private Azurite (the scheduler starts every tenant of the
/// account, so other tests' tenants must not be in it), with a clock the test sets to the due time.
/// </summary>
public sealed class NightlySchedulerTests
{
    private static readonly DateTimeOffset DueDay1 = new(2027, 1, 15, 2, 0, 5, TimeSpan.Zero);

    [Fact]
    public async Task Two_Servers_at_the_due_time_and_a_restart_start_one_run_per_tenant_per_day()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        var tenants = await WriteTenantsAsync(storage, 3, ct);
        var clock = new ManualTimeProvider(DueDay1);
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(storage, settings: Enabled(), configureTestServices: Services(clock, logs));
        await using var second = Server(env, clock, logs);

        // Both processes start at the due time: their schedulers race for the day.
        await Task.WhenAll(Task.Run(() => env.Server.Services, ct), Task.Run(() => second.Services, ct));
        await WaitForDayDoneAsync(storage, "20270115", ct);
        await WaitForRunsAsync(env, tenants, "20270115", ct);

        Assert.Equal(tenants.Count, StartedCount(logs, "20270115"));
        foreach (var tenant in tenants)
        {
            Assert.Equal(["20270115"], await RunRowsAsync(env, tenant, ct));
        }

        // A restart later that day finds the day done: nothing starts.
        await env.Server.DisposeAsync();
        clock.Advance(TimeSpan.FromHours(3));
        await using (var restarted = Server(env, clock, logs))
        {
            _ = restarted.Services;
            await WaitForLogAsync(logs, "Nightly runs of 20270115: done or being started by another process", 2, ct);
        }

        Assert.Equal(tenants.Count, StartedCount(logs, "20270115"));

        // The next day's due time: one more run per tenant.
        clock.Now = DueDay1.AddDays(1);
        await using (var nextDay = Server(env, clock, logs))
        {
            _ = nextDay.Services;
            await WaitForDayDoneAsync(storage, "20270116", ct);
            await WaitForRunsAsync(nextDay.Services.GetRequiredService<IWorkflowClient>(), tenants, "20270116", ct);
            foreach (var tenant in tenants)
            {
                Assert.Equal(["20270115", "20270116"], await RunRowsAsync(env, tenant, ct));
            }
        }
    }

    [Fact]
    public async Task A_Server_started_before_the_due_time_starts_nothing_until_then()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        var tenants = await WriteTenantsAsync(storage, 1, ct);
        var clock = new ManualTimeProvider(DueDay1.AddHours(-2));
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(storage, settings: Enabled(), configureTestServices: Services(clock, logs));

        _ = env.Server.Services;
        await Task.Delay(TimeSpan.FromSeconds(3), ct);

        Assert.Empty(await RunRowsAsync(env, tenants[0], ct));
        Assert.Null(await new TableClient(storage.ConnectionString, StorageNames.Tables.NightlyLeases)
            .GetEntityIfExistsAsync<DayLeaseEntity>(DayLeaseEntity.PartitionKeyValue, "20270115", cancellationToken: ct) is { HasValue: true } ? "leased" : null);
    }

    [Fact]
    public async Task A_fault_is_logged_and_retried_with_backoff_and_the_host_keeps_serving()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        var tenants = await WriteTenantsAsync(storage, 1, ct);
        var clock = new ManualTimeProvider(DueDay1);
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(storage, settings: Enabled(), configureTestServices: services =>
        {
            Services(clock, logs)(services);
            services.AddSingleton<TaskHubWorkflowClient>();
            services.AddSingleton<IWorkflowClient>(sp => new FailingFirst(sp.GetRequiredService<TaskHubWorkflowClient>(), failures: 2));
        });

        _ = env.Server.Services;
        await WaitForDayDoneAsync(storage, "20270115", ct);
        await WaitForRunsAsync(env, tenants, "20270115", ct);

        var failures = logs.Entries.Where(e => e.Message.StartsWith("Nightly scheduler failed", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal(LogLevel.Error, f.Level));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], failures.Select(f => (TimeSpan)f.State["Backoff"]!));
        var health = await env.Server.CreateClient().GetAsync("/api/health", ct);
        Assert.True(health.IsSuccessStatusCode, $"health answered {(int)health.StatusCode}");
    }

    [Theory]
    [InlineData("2027-01-15T01:59:59Z", false)]
    [InlineData("2027-01-15T02:00:00Z", true)]
    [InlineData("2027-01-15T23:59:59Z", true)]
    [InlineData("2027-01-16T00:00:00Z", false)]
    public void The_day_is_due_from_its_occurrence_until_midnight_UTC(string now, bool due) =>
        Assert.Equal(due, NightlyScheduler.IsDueToday(CronExpression.Parse("0 0 2 * * *", CronFormat.IncludeSeconds), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    private static Dictionary<string, string?> Enabled() => new() { ["Nightly:SchedulerEnabled"] = "true" };

    private static Action<IServiceCollection> Services(TimeProvider clock, CapturingLoggerProvider logs) => services =>
    {
        services.AddSingleton(clock);
        services.AddSingleton<ILoggerProvider>(logs);
    };

    /// <summary>Another Server process on the same Azurite, emulator, task hub and clock.</summary>
    private static ServerFactory Server(ServerTestEnvironment env, TimeProvider clock, CapturingLoggerProvider logs) =>
        new(env.Azurite.ConnectionString, env.Emulator.BaseUri,
            new Dictionary<string, string?>(Enabled()) { ["DurableTask:TaskHub"] = env.Server.TaskHub }, Services(clock, logs));

    /// <summary>Tenants written straight into the Tenants table before any Server starts (its scheduler fires at once).</summary>
    private static async Task<List<string>> WriteTenantsAsync(AzuriteFixture storage, int count, CancellationToken ct)
    {
        var table = new TableClient(storage.ConnectionString, StorageNames.Tables.Tenants);
        await table.CreateIfNotExistsAsync(ct);
        var tenants = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var tenantId = TenantIds.New("scheduled");
            await table.AddEntityAsync(new TenantEntity { PartitionKey = tenantId, RowKey = "tenant", Name = "scheduled", CreatedAt = DateTimeOffset.UtcNow }, ct);
            tenants.Add(tenantId);
        }

        return tenants;
    }

    private static int StartedCount(CapturingLoggerProvider logs, string runDate) =>
        logs.Entries.Where(e => e.Message.StartsWith($"Nightly runs of {runDate}:", StringComparison.Ordinal) && e.State.ContainsKey("Started"))
            .Sum(e => Convert.ToInt32(e.State["Started"], System.Globalization.CultureInfo.InvariantCulture));

    private static async Task WaitForLogAsync(CapturingLoggerProvider logs, string prefix, int count, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (logs.Entries.Count(e => e.Message.StartsWith(prefix, StringComparison.Ordinal)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No {count} log(s) '{prefix}…' within 60 s.");
            await Task.Delay(100, ct);
        }
    }

    private static async Task WaitForDayDoneAsync(AzuriteFixture storage, string runDate, CancellationToken ct)
    {
        var leases = new TableClient(storage.ConnectionString, StorageNames.Tables.NightlyLeases);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var row = await leases.GetEntityIfExistsAsync<TableEntity>(DayLeaseEntity.PartitionKeyValue, runDate, cancellationToken: ct);
            if (row.HasValue && row.Value!.GetDateTimeOffset("CompletedAt") is not null)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The day {runDate} was not marked done within 90 s.");
            await Task.Delay(200, ct);
        }
    }

    private static Task WaitForRunsAsync(ServerTestEnvironment env, IEnumerable<string> tenants, string runDate, CancellationToken ct) =>
        WaitForRunsAsync(env.Server.Services.GetRequiredService<IWorkflowClient>(), tenants, runDate, ct);

    private static async Task WaitForRunsAsync(IWorkflowClient workflows, IEnumerable<string> tenants, string runDate, CancellationToken ct)
    {
        foreach (var tenant in tenants)
        {
            var done = await workflows.WaitForCompletionAsync(NightlyIds.InstanceId(tenant, runDate), TimeSpan.FromSeconds(90), ct);
            Assert.Equal(NightlyRunStatus.Completed, done.GetOutput<NightlyRunSummary>()!.Status);
        }
    }

    /// <summary>The engine's client, except that its first <paramref name="failures"/> lookups fail as storage would.</summary>
    private sealed class FailingFirst(IWorkflowClient inner, int failures) : IWorkflowClient
    {
        private int _failures = failures;

        public Task StartAsync(string workflowName, string instanceId, object input, CancellationToken ct = default) =>
            inner.StartAsync(workflowName, instanceId, input, ct);

        public Task<WorkflowInstanceInfo?> GetAsync(string instanceId, CancellationToken ct = default) =>
            Interlocked.Decrement(ref _failures) >= 0
                ? throw new Azure.RequestFailedException(503, "Storage is unavailable (injected).")
                : inner.GetAsync(instanceId, ct);

        public Task RaiseCancelAsync(string instanceId, CancellationToken ct = default) => inner.RaiseCancelAsync(instanceId, ct);

        public Task<WorkflowInstanceInfo> WaitForCompletionAsync(string instanceId, TimeSpan timeout, CancellationToken ct = default) =>
            inner.WaitForCompletionAsync(instanceId, timeout, ct);
    }

    private static async Task<List<string>> RunRowsAsync(ServerTestEnvironment env, string tenantId, CancellationToken ct) =>
        (await env.Storage.PartitionAsync(StorageNames.Tables.NightlyRuns, tenantId, ct)).Select(r => r.RowKey).Order(StringComparer.Ordinal).ToList();
}
