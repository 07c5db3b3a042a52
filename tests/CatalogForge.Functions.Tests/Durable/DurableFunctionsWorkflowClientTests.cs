using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Orchestration;
using CatalogForge.Functions.Durable;
using DurableTask.Core.Exceptions;
using Grpc.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CatalogForge.Functions.Tests.Durable;

public sealed class DurableFunctionsWorkflowClientTests
{
    private const string InstanceId = "tenant1|9999998236400a1b2";
    private static readonly JobRef Job = new("tenant1", "9999998236400a1b2");

    [Fact]
    public async Task Start_schedules_the_orchestrator_function_under_the_given_instance_id()
    {
        var (engine, scope, client) = Engine();
        var job = new JobRef("tenant1", "9999998236400a1b2");

        using (scope.Use(client))
        {
            await engine.StartAsync("ProductJob", InstanceId, job, ct: TestContext.Current.CancellationToken);
        }

        await client.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == "ProductJobOrchestrator"), job,
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == InstanceId), Arg.Any<CancellationToken>());
    }

    /// <summary>Scheduling a finished instance's id would run it again (the extension overwrites non-running instances).</summary>
    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    public async Task Start_is_idempotent_an_existing_instance_is_not_scheduled_again(OrchestrationRuntimeStatus status)
    {
        var (engine, scope, client) = Engine();
        client.GetInstanceAsync(InstanceId, false, Arg.Any<CancellationToken>())
            .Returns(new OrchestrationMetadata("ProductJobOrchestrator", InstanceId) { RuntimeStatus = status });

        using (scope.Use(client))
        {
            await engine.StartAsync("ProductJob", InstanceId, Job, ct: TestContext.Current.CancellationToken);
        }

        await client.DidNotReceiveWithAnyArgs().ScheduleNewOrchestrationInstanceAsync(default, default, default, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Another starter (the submitting request, a sweep on another instance) scheduled it between the check and the
    /// schedule. The gRPC client reports the extension's AlreadyExists as the exception type; older clients as the RpcException.
    /// </summary>
    [Theory]
    [InlineData(nameof(OrchestrationAlreadyExistsException))]
    [InlineData(nameof(RpcException))]
    public async Task A_start_refused_because_the_instance_now_exists_counts_as_started(string refusalType)
    {
        const string detail = $"An Orchestration instance with the ID {InstanceId} already exists.";
        Exception refusal = refusalType == nameof(RpcException)
            ? new RpcException(new Status(StatusCode.AlreadyExists, detail))
            : new OrchestrationAlreadyExistsException(detail);
        var (engine, scope, client) = Engine();
        client.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(refusal);

        using (scope.Use(client))
        {
            await engine.StartAsync("ProductJob", InstanceId, Job, ct: TestContext.Current.CancellationToken);
        }

        await client.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Any_other_failure_to_schedule_reaches_the_caller()
    {
        var (engine, scope, client) = Engine();
        client.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RpcException(new Status(StatusCode.Unavailable, "sidecar restarting")));

        using (scope.Use(client))
        {
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                engine.StartAsync("ProductJob", InstanceId, Job, ct: TestContext.Current.CancellationToken));
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        }
    }

    [Fact]
    public async Task Cancellation_is_the_cancel_event_raised_on_the_instance()
    {
        var (engine, scope, client) = Engine();

        using (scope.Use(client))
        {
            await engine.RaiseCancelAsync(InstanceId, TestContext.Current.CancellationToken);
        }

        await client.Received(1).RaiseEventAsync(InstanceId, DurableWorkflowContext.CancelEvent, true, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Without_a_Durable_client_in_scope_the_engine_says_which_parameter_is_missing()
    {
        var (engine, _, _) = Engine();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            engine.StartAsync("ProductJob", InstanceId, Job, ct: TestContext.Current.CancellationToken));

        Assert.Contains("[DurableClient]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Pending, WorkflowStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Running, WorkflowStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Completed, WorkflowStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed, WorkflowStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, WorkflowStatus.Cancelled)]
    public void Instance_metadata_maps_to_the_engine_neutral_status(OrchestrationRuntimeStatus durable, WorkflowStatus expected)
    {
        var info = DurableFunctionsWorkflowClient.ToInfo(new OrchestrationMetadata("ProductJobOrchestrator", InstanceId) { RuntimeStatus = durable });

        Assert.Equal((expected, "ProductJob", InstanceId), (info.Status, info.WorkflowName, info.InstanceId));
    }

    private static (DurableFunctionsWorkflowClient Engine, DurableClientScope Scope, DurableTaskClient Client) Engine()
    {
        var scope = new DurableClientScope();
        var client = Substitute.For<DurableTaskClient>("test");
        client.GetInstanceAsync(Arg.Any<string>(), Arg.Any<bool>(), Arg.Any<CancellationToken>()).Returns((OrchestrationMetadata?)null);
        return (new DurableFunctionsWorkflowClient(scope, NullLogger<DurableFunctionsWorkflowClient>.Instance), scope, client);
    }
}
