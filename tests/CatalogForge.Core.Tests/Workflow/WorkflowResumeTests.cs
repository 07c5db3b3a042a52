using CatalogForge.Core.Domain;
using CatalogForge.Core.Workflow;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Workflow;

/// <summary>"A stopped process resumes where it stopped and never pays for an activity twice."</summary>
[Collection(WorkflowCollection.Name)]
public sealed class WorkflowResumeTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GracefulStopMidJob_ThenNewHost_CompletesAndRunsEveryActivityExactlyOnce()
    {
        var probe = new ActivityProbe();
        var id = WorkflowTestHost.NewInstanceId("crash");
        var entered = 0;
        var fourInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.BeforeStep = async (input, ct) =>
        {
            if (input.ProbeKey.StartsWith(id, StringComparison.Ordinal))
            {
                if (Interlocked.Increment(ref entered) == 4)
                {
                    fourInFlight.TrySetResult();
                }

                await release.Task.WaitAsync(ct);
            }
        };

        var host1 = await WorkflowTestHost.StartAsync(
            azurite, probe, new Dictionary<string, string?> { ["Workflow:MaxConcurrentActivities"] = "4" });
        await using (host1)
        {
            await host1.Engine.StartAsync(FanOutRootWorkflow.Name, id, new FanOutInput(10), ct: Ct);
            await fourInFlight.Task.WaitAsync(Timeout, Ct);

            // Graceful stop with 4 activities in flight and 16 not started: dispatch stops at once, the 4 may finish.
            // Release them only once the drain is under way (and a little later), so cancelling instead of draining fails.
            var stopping = host1.StopAsync();
            await WorkflowEngineTests.PollAsync(
                () => Task.FromResult(host1.Logs.Lines.Any(line => line.Message.Contains("draining", StringComparison.Ordinal))),
                draining => draining);
            await Task.Delay(200, Ct);
            Assert.False(stopping.IsCompleted);
            release.SetResult();
            await stopping;
        }

        Assert.Equal(4, probe.TotalCalls(id));
        probe.BeforeStep = null;
        var tables = await WorkflowTestHost.TablesAsync(azurite);
        var afterStop = await new WorkflowInstanceStore(tables).GetAsync(id, Ct);
        Assert.Equal(WorkflowStatus.Running, afterStop!.Status);

        await using var host2 = await WorkflowTestHost.StartAsync(
            azurite, probe, new Dictionary<string, string?> { ["Workflow:ResumeOnStart"] = "true" });
        var done = await host2.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(new FanOutResult(4 * Enumerable.Range(0, 10).Sum(), 10), done.GetOutput<FanOutResult>());
        var calls = probe.CallsWithPrefix(id);
        Assert.Equal(20, calls.Count);
        Assert.All(calls, pair => Assert.True(pair.Value == 1, $"{pair.Key} ran {pair.Value} times"));
        Assert.Contains(host2.Logs.Lines, line => line.Message.Contains("resumed", StringComparison.Ordinal) && line.State.Any(s => s.Key == "Count"));
    }

    [Fact]
    public async Task OrchestrationThatSwallowsTheShutdownInterruption_IsNotRecordedAsCompleted()
    {
        var probe = new ActivityProbe();
        var id = WorkflowTestHost.NewInstanceId("swallow");
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.BeforeStep = async (input, ct) =>
        {
            if (input.ProbeKey == $"{id}|2")
            {
                blocked.TrySetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
            }
        };
        var host1 = await WorkflowTestHost.StartAsync(
            azurite, probe, new Dictionary<string, string?> { ["Workflow:ShutdownDrainTimeout"] = "00:00:00.100" });
        await using (host1)
        {
            await host1.Engine.StartAsync(CatchAllWorkflow.Name, id, new CountInput(6), ct: Ct);
            await blocked.Task.WaitAsync(Timeout, Ct);
            await host1.StopAsync();
            var afterStop = await host1.Engine.GetAsync(id, Ct);
            Assert.Equal(WorkflowStatus.Running, afterStop!.Status);
            Assert.Null(afterStop.OutputJson);
        }

        Assert.Equal(3, probe.TotalCalls(id));
        probe.BeforeStep = null;
        await using var host2 = await WorkflowTestHost.StartAsync(
            azurite, probe, new Dictionary<string, string?> { ["Workflow:ResumeOnStart"] = "true" });
        var done = await host2.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal("6 ok, 0 failed", done.GetOutput<string>());
        Assert.Equal([1, 1, 2, 1, 1, 1], Enumerable.Range(0, 6).Select(i => probe.CallsFor($"{id}|{i}")));
    }

    [Fact]
    public async Task FailedActivity_IsMemoised_AndRethrownOnResume_WithoutRunningAgain()
    {
        var probe = new ActivityProbe();
        var id = WorkflowTestHost.NewInstanceId("failmemo");
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.BeforeStep = async (input, ct) =>
        {
            if (input.ProbeKey == $"{id}|block")
            {
                blocked.TrySetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
            }
        };

        // A short drain: the blocked activity is cancelled at its end and must not be memoised.
        var host1 = await WorkflowTestHost.StartAsync(
            azurite, probe, new Dictionary<string, string?> { ["Workflow:ShutdownDrainTimeout"] = "00:00:00.200" });
        await using (host1)
        {
            await host1.Engine.StartAsync(FailThenStepWorkflow.Name, id, new CountInput(0), ct: Ct);
            await blocked.Task.WaitAsync(Timeout, Ct);
            await host1.StopAsync();

            var history = await WorkflowEngineTests.ListHistoryAsync(host1, id);
            Assert.Equal(["fail"], history.Keys);
            Assert.Equal(ErrorClass.RateLimited, history["fail"].ErrorClass);
        }

        Assert.Equal(1, probe.CallsFor($"{id}|fail"));
        Assert.Equal(1, probe.CallsFor($"{id}|block"));
        probe.BeforeStep = null;

        await using var host2 = await WorkflowTestHost.StartAsync(
            azurite, probe, new Dictionary<string, string?> { ["Workflow:ResumeOnStart"] = "true" });
        var done = await host2.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal($"{FailingActivity.Name}|fail|{ErrorClass.RateLimited}|429 from model", done.GetOutput<string>());
        Assert.Equal(1, probe.CallsFor($"{id}|fail"));
        Assert.Equal(2, probe.CallsFor($"{id}|block"));
    }

    [Fact]
    public async Task ResumedRun_WhoseHistoryHasTheKeyForAnotherActivity_FailsNamingBoth()
    {
        var probe = new ActivityProbe();
        var id = WorkflowTestHost.NewInstanceId("history-mismatch");
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var tables = await WorkflowTestHost.TablesAsync(azurite);
        await new WorkflowInstanceStore(tables).TryCreateAsync(
            new WorkflowInstanceInfo
            {
                InstanceId = id,
                WorkflowName = DuplicateKeyWorkflow.Name,
                Status = WorkflowStatus.Running,
                InputJson = WorkflowJson.Serialize(new CountInput(0)),
            },
            Ct);
        await host.History.WriteAsync(id, WorkflowHistoryStore.RowKey("", "k"), HistoryRecord.Success(CallKind.Activity, "test.older-activity", "1"));

        Assert.True(await host.Engine.ResumePendingAsync(Ct) >= 1);
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Failed, done.Status);
        Assert.Contains("InvalidOperationException", done.Error, StringComparison.Ordinal);
        Assert.Contains("'test.older-activity'", done.Error, StringComparison.Ordinal);
        Assert.Contains($"'{StepActivity.Name}'", done.Error, StringComparison.Ordinal);
        Assert.Equal(0, probe.TotalCalls(id));
    }

    [Fact]
    public async Task CancellationRequested_StopsNewWork_AndTheInstanceEndsWithWhatTheOrchestrationReturns()
    {
        var probe = new ActivityProbe();
        var id = WorkflowTestHost.NewInstanceId("cancel");
        var atFive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.BeforeStep = async (input, ct) =>
        {
            if (input.ProbeKey == $"{id}|5")
            {
                atFive.TrySetResult();
                await release.Task.WaitAsync(ct);
            }
        };
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);

        await host.Engine.StartAsync(SequentialWorkflow.Name, id, new CountInput(50), ct: Ct);
        await atFive.Task.WaitAsync(Timeout, Ct);
        await host.Engine.RequestCancellationAsync(id, Ct);
        Assert.True((await host.Engine.GetAsync(id, Ct))!.CancelRequested);
        release.SetResult();
        var done = await host.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Cancelled, done.Status);
        Assert.Equal(6, done.GetOutput<int>());
        Assert.Equal(6, probe.TotalCalls(id));
    }

    [Fact]
    public async Task CancellationRequestedWhileNotRunning_IsSeenByTheResumedRun()
    {
        var probe = new ActivityProbe();
        var id = WorkflowTestHost.NewInstanceId("cancel-resume");
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.BeforeStep = async (input, ct) =>
        {
            if (input.ProbeKey == $"{id}|2")
            {
                blocked.TrySetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
            }
        };
        var host1 = await WorkflowTestHost.StartAsync(
            azurite, probe, new Dictionary<string, string?> { ["Workflow:ShutdownDrainTimeout"] = "00:00:00.100" });
        await using (host1)
        {
            await host1.Engine.StartAsync(SequentialWorkflow.Name, id, new CountInput(10), ct: Ct);
            await blocked.Task.WaitAsync(Timeout, Ct);
        }

        probe.BeforeStep = null;
        await using var host2 = await WorkflowTestHost.StartAsync(azurite, probe);
        await host2.Engine.RequestCancellationAsync(id, Ct);
        Assert.True(await host2.Engine.ResumePendingAsync(Ct) >= 1);
        var done = await host2.Engine.WaitForCompletionAsync(id, Timeout, Ct);

        Assert.Equal(WorkflowStatus.Cancelled, done.Status);
        Assert.Equal(0, done.GetOutput<int>());
        Assert.Equal(3, probe.TotalCalls(id));
    }
}
