using System.Collections.Concurrent;
using System.Reflection;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Triggers;
using CatalogForge.Core.Tenancy;
using CatalogForge.Functions.Durable;
using CatalogForge.Functions.Nightly;
using CatalogForge.Functions.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace CatalogForge.Functions.Tests.Nightly;

/// <summary>
/// The <c>NightlySchedule</c> timer over Core's real starter and the Tenants table of a private Azurite (the starter
/// enumerates every tenant of the account, so other tests' tenants must not be in it); the Durable client is the
/// recording substitute, made to remember the instances it scheduled.
/// </summary>
public sealed class NightlyScheduleFunctionTests
{
    [Fact]
    public void The_function_is_a_timer_on_the_schedule_app_setting_with_a_durable_client()
    {
        var method = typeof(NightlyScheduleFunction).GetMethod(nameof(NightlyScheduleFunction.RunAsync))!;
        var parameters = method.GetParameters();

        Assert.Equal("NightlySchedule", method.GetCustomAttribute<FunctionAttribute>()!.Name);
        var timer = parameters.Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Single(a => a is not null)!;
        Assert.Equal("%NightlySchedule%", timer.Schedule);
        Assert.False(timer.RunOnStartup, "RunOnStartup fires on every scale-out and restart.");
        Assert.Equal(typeof(DurableTaskClient), parameters.Single(p => p.GetCustomAttribute<DurableClientAttribute>() is not null).ParameterType);
    }

    [Fact]
    public void Every_place_the_app_runs_sets_the_schedule_to_two_in_the_morning_UTC()
    {
        var sample = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var schedule = sample.RootElement.GetProperty("Values").GetProperty(NightlyScheduleFunction.ScheduleSetting).GetString()!;
        var bicep = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "app", "functions.bicep"));
        var postProvision = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "hooks", "postprovision.sh"));

        Assert.Equal("0 0 2 * * *", schedule);
        Assert.Contains($"{NightlyScheduleFunction.ScheduleSetting}: '{schedule}'", bicep, StringComparison.Ordinal);
        Assert.Contains($"\"{NightlyScheduleFunction.ScheduleSetting}\": \"{schedule}\"", postProvision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoking_the_timer_twice_the_same_day_starts_exactly_one_run_per_tenant()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        await using var app = await FunctionsServices.StartAsync(storage);
        var engine = new RememberingEngine(app.Client, OrchestrationRuntimeStatus.Completed);
        var tenants = await CreateTenantsAsync(app, 3, ct);
        var function = ActivatorUtilities.CreateInstance<NightlyScheduleFunction>(app.Services);

        await function.RunAsync(new TimerInfo(), app.Client, Context(ct));
        await function.RunAsync(new TimerInfo(), app.Client, Context(ct));

        var runDate = NightlyIds.RunDate(DateTimeOffset.UtcNow);
        Assert.Equal(tenants.Select(t => NightlyIds.InstanceId(t, runDate)).Order(), engine.Scheduled.Order());
        await app.Client.Received(3).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == "NightlyRunOrchestrator"), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>());
        await app.Client.Received(1).ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(),
            new NightlyRunInput(tenants[0], runDate), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task At_most_MaxConcurrentTenants_runs_are_started_while_the_others_run_and_the_next_trigger_starts_the_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();
        await using var app = await FunctionsServices.StartAsync(storage, new Dictionary<string, string?> { ["Nightly:MaxConcurrentTenants"] = "2" });
        var engine = new RememberingEngine(app.Client, OrchestrationRuntimeStatus.Running);
        await CreateTenantsAsync(app, 3, ct);
        var starter = app.Services.GetRequiredService<NightlyDayStarter>();
        var durable = app.Services.GetRequiredService<DurableClientScope>();
        var day = DateTimeOffset.UtcNow;

        NightlyDayResult first, second;
        using (durable.Use(app.Client))
        {
            first = await starter.StartDayAsync(day, ct, budget: TimeSpan.FromSeconds(2));
            Assert.Equal(2, engine.Scheduled.Count);

            // The two runs end: the next trigger of the day starts the third and nothing else.
            engine.EndAll();
            second = await starter.StartDayAsync(day, ct, budget: TimeSpan.FromSeconds(2));
        }

        Assert.Equal((2, 0, 0, 1), (first.Started, first.Existing, first.Failed, first.Deferred));
        Assert.Equal((1, 2, 0, 0), (second.Started, second.Existing, second.Failed, second.Deferred));
        Assert.Equal(3, engine.Scheduled.Distinct().Count());
    }

    [Fact]
    public async Task A_max_concurrency_of_zero_stops_the_app_at_start_naming_the_setting()
    {
        await using var storage = new AzuriteFixture();
        await storage.InitializeAsync();

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            FunctionsServices.StartAsync(storage, new Dictionary<string, string?> { ["Nightly:MaxConcurrentTenants"] = "0" }));

        Assert.Contains("MaxConcurrentTenants", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<string>> CreateTenantsAsync(FunctionsServices app, int count, CancellationToken ct)
    {
        var directory = app.Services.GetRequiredService<ITenantDirectory>();
        var tenants = new List<string>();
        for (var i = 0; i < count; i++)
        {
            tenants.Add((await directory.CreateAsync($"nightly-timer-{i}", ct)).TenantId);
        }

        return tenants;
    }

    private static FunctionContext Context(CancellationToken ct)
    {
        var context = Substitute.For<FunctionContext>();
        context.CancellationToken.Returns(ct);
        return context;
    }

    /// <summary>
    /// Makes the substitute client report every instance it scheduled, in <paramref name="status"/> until <see cref="EndAll"/>;
    /// waiting for an instance to end waits until the caller gives up.
    /// </summary>
    private sealed class RememberingEngine
    {
        private readonly ConcurrentDictionary<string, OrchestrationRuntimeStatus> _instances = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _scheduled = new();

        public RememberingEngine(DurableTaskClient client, OrchestrationRuntimeStatus status)
        {
            client.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
                .Returns(call =>
                {
                    var id = call.ArgAt<StartOrchestrationOptions?>(2)!.InstanceId!;
                    _instances[id] = status;
                    _scheduled.Enqueue(id);
                    return id;
                });
            client.GetInstanceAsync(Arg.Any<string>(), Arg.Any<bool>(), Arg.Any<CancellationToken>())
                .Returns(call => _instances.TryGetValue(call.ArgAt<string>(0), out var current)
                    ? new OrchestrationMetadata("NightlyRunOrchestrator", call.ArgAt<string>(0)) { RuntimeStatus = current }
                    : null);
            client.WaitForInstanceCompletionAsync(Arg.Any<string>(), Arg.Any<bool>(), Arg.Any<CancellationToken>())
                .Returns(call => WaitForeverAsync(call.ArgAt<CancellationToken>(2)));
        }

        public IReadOnlyCollection<string> Scheduled => _scheduled;

        public void EndAll()
        {
            foreach (var id in _instances.Keys)
            {
                _instances[id] = OrchestrationRuntimeStatus.Completed;
            }
        }

        private static async Task<OrchestrationMetadata> WaitForeverAsync(CancellationToken ct)
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("Unreachable.");
        }
    }
}
