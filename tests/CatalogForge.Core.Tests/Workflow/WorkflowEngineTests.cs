using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Workflow;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Tests.Workflow;

[Collection(WorkflowCollection.Name)]
public sealed class WorkflowEngineTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoLevelFanOut_CompletesWithTheRightOutput_AndMemoisesUnderChildIds()
    {
        var probe = new ActivityProbe();
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var id = WorkflowTestHost.NewInstanceId("fanout");

        await host.Engine.StartAsync(FanOutRootWorkflow.Name, id, new FanOutInput(8), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(new FanOutResult(4 * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7), 8), done.GetOutput<FanOutResult>());
        Assert.Equal(FanOutRootWorkflow.Name, done.WorkflowName);
        Assert.Equal(8, JsonDocument.Parse(done.CustomStatusJson!).RootElement.GetProperty("done").GetInt32());

        var calls = probe.CallsWithPrefix(id);
        Assert.Equal(16, calls.Count);
        Assert.All(calls.Values, count => Assert.Equal(1, count));

        var rootHistory = await ListHistoryAsync(host, id);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"item/{i:D3}"), rootHistory.Keys.Order(StringComparer.Ordinal));
        Assert.All(rootHistory.Values, memo => Assert.Equal(CallKind.Workflow, memo.Kind));
        var childHistory = await ListHistoryAsync(host, id, path: "item/003");
        Assert.Equal(["again", "double"], childHistory.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("6", childHistory["double"].ResultJson);
        Assert.Equal("12", childHistory["again"].ResultJson);
    }

    [Fact]
    public async Task StartAsync_IsIdempotent_PerInstanceId()
    {
        var probe = new ActivityProbe();
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var id = WorkflowTestHost.NewInstanceId("idempotent");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Engine.StartAsync(SequentialWorkflow.Name, id, new CountInput(1), ct: Ct)));
        await host.Engine.StartAsync(SequentialWorkflow.Name, id, new CountInput(5), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);
        await host.Engine.StartAsync(SequentialWorkflow.Name, id, new CountInput(5), ct: Ct);

        // A second run would be registered synchronously by StartAsync, before it could call any activity.
        Assert.Equal(0, ((WorkflowEngine)host.Engine).RunningCount);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(1, done.GetOutput<int>());
        Assert.Equal(1, probe.TotalCalls(id));
        Assert.Equal(WorkflowStatus.Completed, (await host.Engine.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task StartAsync_RejectsUnknownWorkflows_AndReservedInstanceIds()
    {
        await using var host = await WorkflowTestHost.StartAsync(azurite, new ActivityProbe());

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Engine.StartAsync("no.such.workflow", "x", null, ct: Ct));
        var colon = await Assert.ThrowsAsync<ArgumentException>(() => host.Engine.StartAsync(SequentialWorkflow.Name, "a:b", null, ct: Ct));
        Assert.Contains("sub-workflow", colon.Message, StringComparison.Ordinal);
        Assert.Null(await host.Engine.GetAsync("a:b", Ct));
    }

    [Fact]
    public async Task ActivityConcurrency_NeverExceedsTheConfiguredBound()
    {
        var probe = new ActivityProbe();
        var current = 0;
        var max = 0;
        probe.BeforeStep = async (_, ct) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref max, now);
            await Task.Delay(25, ct);
            Interlocked.Decrement(ref current);
        };
        await using var host = await WorkflowTestHost.StartAsync(
            azurite, probe, new Dictionary<string, string?> { ["Workflow:MaxConcurrentActivities"] = "3" });
        var id = WorkflowTestHost.NewInstanceId("bound");

        await host.Engine.StartAsync(ParallelWorkflow.Name, id, new CountInput(24), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(2 * Enumerable.Range(0, 24).Sum(), done.GetOutput<int>());
        Assert.Equal(24, probe.TotalCalls(id));
        Assert.Equal(3, max);
    }

    [Fact]
    public async Task UnhandledActivityFailure_FailsTheInstance_WithItsClass_AndIsLogged()
    {
        var probe = new ActivityProbe();
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var id = WorkflowTestHost.NewInstanceId("unhandled");

        await host.Engine.StartAsync(UnhandledFailureWorkflow.Name, id, new CountInput(0), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Failed, done.Status);
        Assert.Equal(ErrorClass.RateLimited, done.ErrorClass);
        Assert.Contains("429 from model", done.Error, StringComparison.Ordinal);
        Assert.Null(done.OutputJson);

        var activityLog = Assert.Single(host.Logs.Lines, line => line.Level == LogLevel.Warning && HasState(line, "Key", "fail"));
        Assert.True(HasState(activityLog, "InstanceId", id));
        Assert.True(HasState(activityLog, "Activity", FailingActivity.Name));
        Assert.True(HasState(activityLog, "ErrorClass", ErrorClass.RateLimited));
        Assert.Contains(host.Logs.Lines, line => line.Level == LogLevel.Error && HasState(line, "InstanceId", id));

        var memo = (await ListHistoryAsync(host, id))["fail"];
        Assert.True(memo.IsFailure);
        Assert.Equal(ErrorClass.RateLimited, memo.ErrorClass);
    }

    [Fact]
    public async Task SameKeyForADifferentActivity_ThrowsInvalidOperationException_NamingBoth()
    {
        var probe = new ActivityProbe();
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var id = WorkflowTestHost.NewInstanceId("dupkey");

        await host.Engine.StartAsync(DuplicateKeyWorkflow.Name, id, new CountInput(0), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        var message = done.GetOutput<string>()!;
        Assert.Contains($"'{StepActivity.Name}'", message, StringComparison.Ordinal);
        Assert.Contains($"'{FailingActivity.Name}'", message, StringComparison.Ordinal);
        Assert.Contains("'k'", message, StringComparison.Ordinal);
        Assert.Equal(0, probe.CallsFor($"{id}|fail"));
    }

    [Fact]
    public async Task SameKeyForTheSameActivity_RunsOnce_AndSharesTheResult()
    {
        var probe = new ActivityProbe();
        probe.BeforeStep = (_, ct) => Task.Delay(50, ct);
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var id = WorkflowTestHost.NewInstanceId("samekey");

        await host.Engine.StartAsync(SameKeyTwiceWorkflow.Name, id, new CountInput(0), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal([42, 42], done.GetOutput<int[]>()!);
        Assert.Equal(1, probe.CallsFor($"{id}|once"));
    }

    [Fact]
    public async Task OversizedActivityOutput_FailsTheActivity_AskingForSmallRefs()
    {
        var probe = new ActivityProbe();
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var id = WorkflowTestHost.NewInstanceId("big");

        await host.Engine.StartAsync(BigOutputWorkflow.Name, id, new CountInput(0), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        var caught = done.GetOutput<string>()!;
        Assert.StartsWith($"{ErrorClass.InvalidOutput}|", caught, StringComparison.Ordinal);
        Assert.Contains("small refs", caught, StringComparison.Ordinal);
        Assert.True((await ListHistoryAsync(host, id))["big"].IsFailure);
    }

    [Fact]
    public async Task FailedSubWorkflow_SurfacesAsActivityFailedException_NamingTheChild()
    {
        var probe = new ActivityProbe();
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var id = WorkflowTestHost.NewInstanceId("childfail");

        await host.Engine.StartAsync(ChildFailureWorkflow.Name, id, new CountInput(0), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal($"{FailingChildWorkflow.Name}|child|{ErrorClass.RateLimited}", done.GetOutput<string>());
        Assert.Equal(1, probe.CallsFor($"{id}:child|fail"));
    }

    [Fact]
    public async Task CustomStatus_IsPersistedWhileRunning_AndTheSizeCapIsEnforced()
    {
        var probe = new ActivityProbe();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.BeforeStep = (_, ct) => release.Task.WaitAsync(ct);
        await using var host = await WorkflowTestHost.StartAsync(
            azurite, probe, new Dictionary<string, string?> { ["Workflow:CustomStatusFlushInterval"] = "00:00:00.050" });
        var id = WorkflowTestHost.NewInstanceId("status");

        await host.Engine.StartAsync(CustomStatusWorkflow.Name, id, new CountInput(200), ct: Ct);
        var running = await PollAsync(
            () => host.Engine.GetAsync(id, Ct),
            info => info?.CustomStatusJson is not null && JsonDocument.Parse(info.CustomStatusJson).RootElement.GetProperty("done").GetInt32() == 200);
        release.SetResult();
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Running, running!.Status);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal("{\"done\":200}", done.CustomStatusJson);
        var rejection = done.GetOutput<string>()!;
        Assert.Contains("16 KB", rejection, StringComparison.Ordinal);
        Assert.Contains(id, rejection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurrentUtcDateTime_IsTheRunStart_FromTheInjectedTimeProvider_AndStable()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var probe = new ActivityProbe();
        probe.BeforeStep = (_, _) =>
        {
            clock.Advance(TimeSpan.FromHours(1));
            return Task.CompletedTask;
        };
        await using var host = await WorkflowTestHost.StartAsync(
            azurite, probe, configure: services => services.AddSingleton<TimeProvider>(clock));
        var id = WorkflowTestHost.NewInstanceId("clock");

        await host.Engine.StartAsync(ClockWorkflow.Name, id, new CountInput(0), ct: Ct);

        // Not WaitForCompletionAsync: its deadline uses the same (jumping) clock.
        var done = (await PollAsync(() => host.Engine.GetAsync(id, Ct), info => info is { IsTerminal: true }))!;

        var times = done.GetOutput<DateTime[]>()!;
        Assert.Equal(new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc), times[0]);
        Assert.Equal(times[0], times[1]);
        Assert.Equal(DateTimeKind.Utc, times[0].Kind);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), done.CreatedAt);
    }

    [Fact]
    public async Task InvalidOptions_FailHostStart()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkflowTestHost.StartAsync(
            azurite, new ActivityProbe(), new Dictionary<string, string?> { ["Workflow:MaxConcurrentActivities"] = "0" }));
        Assert.Contains(nameof(WorkflowEngineOptions.MaxConcurrentActivities), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    public async Task A_per_tenant_cap_outside_1_to_the_global_cap_fails_host_start(string perTenant)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkflowTestHost.StartAsync(
            azurite, new ActivityProbe(), new Dictionary<string, string?>
            {
                ["Workflow:MaxConcurrentActivities"] = "4",
                ["Workflow:MaxConcurrentActivitiesPerTenant"] = perTenant,
            }));
        Assert.Contains(nameof(WorkflowEngineOptions.MaxConcurrentActivitiesPerTenant), error.Message, StringComparison.Ordinal);
    }

    /// <summary>Memos of one instance of the tree rooted at <paramref name="rootId"/>: the root ("") or a sub-workflow path.</summary>
    internal static async Task<Dictionary<string, HistoryRecord>> ListHistoryAsync(WorkflowTestHost host, string rootId, string path = "")
    {
        var memos = new Dictionary<string, HistoryRecord>(StringComparer.Ordinal);
        await foreach (var entry in host.History.ListAsync(rootId, Ct))
        {
            if (entry.Path == path)
            {
                memos[entry.Key] = entry.Record;
            }
        }

        return memos;
    }

    internal static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "Condition not reached in time.");
            await Task.Delay(20, Ct);
        }
    }

    private static bool HasState(TestLogSink.LogLine line, string name, object expected) =>
        line.State.Any(pair => pair.Key == name && Equals(pair.Value, expected));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
