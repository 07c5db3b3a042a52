using CatalogForge.Core.Orchestration;
using Microsoft.DurableTask;
using NSubstitute;

namespace CatalogForge.Core.Tests.Support;

/// <summary>
/// A substitute <see cref="TaskOrchestrationContext"/> (it is abstract) whose activities and sub-orchestrations answer
/// from delegates, so an orchestrator function can run against it like against Durable's replay.
/// </summary>
public static class Orchestrations
{
    public static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    /// <param name="cancel">Completes when the <c>cancel</c> event "arrives"; never, by default.</param>
    public static TaskOrchestrationContext Context(string instanceId, Task<bool>? cancel = null)
    {
        var context = Substitute.For<TaskOrchestrationContext>();
        context.InstanceId.Returns(instanceId);
        context.CurrentUtcDateTime.Returns(Now);
        context.WaitForExternalEvent<bool>(DurableWorkflowContext.CancelEvent, Arg.Any<CancellationToken>())
            .Returns(cancel ?? new TaskCompletionSource<bool>().Task);
        return context;
    }

    public static void Input<T>(this TaskOrchestrationContext context, T input) => context.GetInput<T>().Returns(input);

    /// <summary>Answers calls of the activity function <paramref name="function"/> from <paramref name="answer"/>.</summary>
    public static void Activity<TInput, TOutput>(
        this TaskOrchestrationContext context, string function, Func<TInput, ActivityOutcome<TOutput>> answer) =>
        context.CallActivityAsync<ActivityOutcome<TOutput>>(Arg.Is<TaskName>(n => n.Name == function), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(call => Task.FromResult(answer((TInput)call.ArgAt<object?>(1)!)));

    public static void Activity<TInput, TOutput>(this TaskOrchestrationContext context, string function, Func<TInput, TOutput> answer) =>
        context.Activity<TInput, TOutput>(function, input => ActivityOutcome<TOutput>.Success(answer(input)));

    /// <summary>The inputs the activity function <paramref name="function"/> was called with, in call order.</summary>
    public static IReadOnlyList<T> ActivityInputs<T>(this TaskOrchestrationContext context, string function) =>
        context.ReceivedCalls()
            .Where(call => call.GetMethodInfo().Name == nameof(TaskOrchestrationContext.CallActivityAsync)
                && call.GetArguments() is [TaskName name, ..] && name.Name == function)
            .Select(call => (T)call.GetArguments()[1]!)
            .ToList();

    /// <summary>The sub-orchestrations started: orchestrator function name, instance id, input.</summary>
    public static IReadOnlyList<(string Function, string? InstanceId, object? Input)> SubOrchestrations(this TaskOrchestrationContext context) =>
        context.ReceivedCalls()
            .Where(call => call.GetMethodInfo().Name == nameof(TaskOrchestrationContext.CallSubOrchestratorAsync))
            .Select(call => call.GetArguments())
            .Select(args => (((TaskName)args[0]!).Name, (args[2] as SubOrchestrationOptions)?.InstanceId, args[1]))
            .ToList();
}
