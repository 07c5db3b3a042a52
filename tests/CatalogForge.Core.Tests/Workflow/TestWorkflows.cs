using CatalogForge.Core.Domain;
using CatalogForge.Core.Workflow;

namespace CatalogForge.Core.Tests.Workflow;

public sealed record StepInput(string ProbeKey, int Value);

public sealed record FanOutInput(int Count);

public sealed record FanOutResult(int Total, int Items);

public sealed record ItemInput(int Index);

public sealed record CountInput(int Count);

/// <summary>Counts itself in the probe, runs the test's hook, returns Value * 2.</summary>
public sealed class StepActivity(ActivityProbe probe) : IActivity<StepInput, int>
{
    public static string Name => "test.step";

    public async Task<int> RunAsync(StepInput input, CancellationToken cancellationToken)
    {
        probe.Record(input.ProbeKey);
        if (probe.BeforeStep is { } hook)
        {
            await hook(input, cancellationToken);
        }

        return input.Value * 2;
    }
}

/// <summary>Counts itself, then fails as a rate-limited AI call would.</summary>
public sealed class FailingActivity(ActivityProbe probe) : IActivity<StepInput, int>
{
    public static string Name => "test.fail";

    public Task<int> RunAsync(StepInput input, CancellationToken cancellationToken)
    {
        probe.Record(input.ProbeKey);
        throw new ClassifiedException(ErrorClass.RateLimited, "429 from model");
    }
}

/// <summary>Returns a payload instead of a ref.</summary>
public sealed class BigOutputActivity(ActivityProbe probe) : IActivity<StepInput, string>
{
    public static string Name => "test.big";

    public Task<string> RunAsync(StepInput input, CancellationToken cancellationToken)
    {
        probe.Record(input.ProbeKey);
        return Task.FromResult(new string('x', 40_000));
    }
}

/// <summary>Root: fans out over <see cref="FanOutItemWorkflow"/> sub-workflows and sums their results.</summary>
public sealed class FanOutRootWorkflow : IWorkflow<FanOutInput, FanOutResult>
{
    public static string Name => "test.fanout.root";

    public async Task<FanOutResult> RunAsync(IWorkflowContext context, FanOutInput input)
    {
        var done = 0;
        var gate = new Lock();
        var results = await Task.WhenAll(Enumerable.Range(0, input.Count).Select(async i =>
        {
            var result = await context.CallSubWorkflowAsync<int>(FanOutItemWorkflow.Name, new ItemInput(i), $"item/{i:D3}");
            lock (gate)
            {
                // Custom status is last-write-wins in call order: count and publish together.
                context.SetCustomStatus(new { done = ++done });
            }

            return result;
        }));
        return new FanOutResult(results.Sum(), results.Length);
    }
}

/// <summary>Child: two activities in sequence, Index * 4.</summary>
public sealed class FanOutItemWorkflow : IWorkflow<ItemInput, int>
{
    public static string Name => "test.fanout.item";

    public async Task<int> RunAsync(IWorkflowContext context, ItemInput input)
    {
        var doubled = await context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|double", input.Index), "double");
        return await context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|again", doubled), "again");
    }
}

/// <summary>Processes items one by one, stopping when cancellation is requested; returns how many it processed.</summary>
public sealed class SequentialWorkflow : IWorkflow<CountInput, int>
{
    public static string Name => "test.sequential";

    public async Task<int> RunAsync(IWorkflowContext context, CountInput input)
    {
        var processed = 0;
        for (var i = 0; i < input.Count; i++)
        {
            if (context.IsCancellationRequested)
            {
                break;
            }

            await context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|{i}", i), $"step/{i:D3}");
            processed++;
        }

        return processed;
    }
}

/// <summary>Badly behaved: catches every exception per item (including the shutdown interruption) and carries on.</summary>
public sealed class CatchAllWorkflow : IWorkflow<CountInput, string>
{
    public static string Name => "test.catch-all";

    public async Task<string> RunAsync(IWorkflowContext context, CountInput input)
    {
        int ok = 0, failed = 0;
        for (var i = 0; i < input.Count; i++)
        {
            try
            {
                await context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|{i}", i), $"step/{i}");
                ok++;
            }
            catch (Exception)
            {
                failed++;
            }
        }

        return $"{ok} ok, {failed} failed";
    }
}

/// <summary>Runs Count step activities at once.</summary>
public sealed class ParallelWorkflow : IWorkflow<CountInput, int>
{
    public static string Name => "test.parallel";

    public async Task<int> RunAsync(IWorkflowContext context, CountInput input)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, input.Count).Select(i =>
            context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|{i}", i), $"p/{i}")));
        return results.Sum();
    }
}

/// <summary>Catches a memoised failure, then runs one more (blockable) step; returns what it caught.</summary>
public sealed class FailThenStepWorkflow : IWorkflow<CountInput, string>
{
    public static string Name => "test.fail-then-step";

    public async Task<string> RunAsync(IWorkflowContext context, CountInput input)
    {
        string caught;
        try
        {
            await context.CallActivityAsync<int>(FailingActivity.Name, new StepInput($"{context.InstanceId}|fail", 0), "fail");
            caught = "no failure";
        }
        catch (ActivityFailedException ex)
        {
            caught = $"{ex.Activity}|{ex.Key}|{ex.ErrorClass}|{ex.ErrorMessage}";
        }

        await context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|block", 1), "block");
        return caught;
    }
}

/// <summary>Lets an activity failure escape: the instance fails.</summary>
public sealed class UnhandledFailureWorkflow : IWorkflow<CountInput, int>
{
    public static string Name => "test.unhandled";

    public Task<int> RunAsync(IWorkflowContext context, CountInput input) =>
        context.CallActivityAsync<int>(FailingActivity.Name, new StepInput($"{context.InstanceId}|fail", 0), "fail");
}

/// <summary>Reuses one key for two different activities (a programming error) and returns the error message.</summary>
public sealed class DuplicateKeyWorkflow : IWorkflow<CountInput, string>
{
    public static string Name => "test.duplicate-key";

    public async Task<string> RunAsync(IWorkflowContext context, CountInput input)
    {
        await context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|step", 1), "k");
        try
        {
            await context.CallActivityAsync<int>(FailingActivity.Name, new StepInput($"{context.InstanceId}|fail", 1), "k");
            return "no error";
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }
    }
}

/// <summary>Calls the same activity with the same key twice at once; both must get the one result.</summary>
public sealed class SameKeyTwiceWorkflow : IWorkflow<CountInput, int[]>
{
    public static string Name => "test.same-key-twice";

    public Task<int[]> RunAsync(IWorkflowContext context, CountInput input) =>
        Task.WhenAll(
            context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|once", 21), "once"),
            context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|once", 21), "once"));
}

/// <summary>Publishes many progress updates, tries an oversized one, then waits in an activity.</summary>
public sealed class CustomStatusWorkflow : IWorkflow<CountInput, string>
{
    public static string Name => "test.custom-status";

    public async Task<string> RunAsync(IWorkflowContext context, CountInput input)
    {
        for (var i = 1; i <= input.Count; i++)
        {
            context.SetCustomStatus(new { done = i });
        }

        string rejected;
        try
        {
            context.SetCustomStatus(new { blob = new string('x', 9_000) });
            rejected = "accepted";
        }
        catch (ArgumentException ex)
        {
            rejected = ex.Message;
        }

        await context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|wait", 0), "wait");
        return rejected;
    }
}

/// <summary>Returns the activity failure it caught for an oversized activity output.</summary>
public sealed class BigOutputWorkflow : IWorkflow<CountInput, string>
{
    public static string Name => "test.big-output";

    public async Task<string> RunAsync(IWorkflowContext context, CountInput input)
    {
        try
        {
            await context.CallActivityAsync<string>(BigOutputActivity.Name, new StepInput($"{context.InstanceId}|big", 0), "big");
            return "no failure";
        }
        catch (ActivityFailedException ex)
        {
            return $"{ex.ErrorClass}|{ex.ErrorMessage}";
        }
    }
}

/// <summary>A child whose activity failure escapes; its parent sees an ActivityFailedException naming the child.</summary>
public sealed class FailingChildWorkflow : IWorkflow<CountInput, int>
{
    public static string Name => "test.failing-child";

    public Task<int> RunAsync(IWorkflowContext context, CountInput input) =>
        context.CallActivityAsync<int>(FailingActivity.Name, new StepInput($"{context.InstanceId}|fail", 0), "fail");
}

public sealed class ChildFailureWorkflow : IWorkflow<CountInput, string>
{
    public static string Name => "test.child-failure";

    public async Task<string> RunAsync(IWorkflowContext context, CountInput input)
    {
        try
        {
            await context.CallSubWorkflowAsync<int>(FailingChildWorkflow.Name, input, "child");
            return "no failure";
        }
        catch (ActivityFailedException ex)
        {
            return $"{ex.Activity}|{ex.Key}|{ex.ErrorClass}";
        }
    }
}

/// <summary>Reads the clock before and after an activity (which moves the test clock).</summary>
public sealed class ClockWorkflow : IWorkflow<CountInput, DateTime[]>
{
    public static string Name => "test.clock";

    public async Task<DateTime[]> RunAsync(IWorkflowContext context, CountInput input)
    {
        var before = context.CurrentUtcDateTime;
        await context.CallActivityAsync<int>(StepActivity.Name, new StepInput($"{context.InstanceId}|tick", 0), "tick");
        return [before, context.CurrentUtcDateTime];
    }
}

public static class TestWorkflowRegistration
{
    public static WorkflowEngineBuilder AddTestWorkflows(this WorkflowEngineBuilder builder) => builder
        .AddActivity<StepActivity, StepInput, int>()
        .AddActivity<FailingActivity, StepInput, int>()
        .AddActivity<BigOutputActivity, StepInput, string>()
        .AddWorkflow<FanOutRootWorkflow, FanOutInput, FanOutResult>()
        .AddWorkflow<FanOutItemWorkflow, ItemInput, int>()
        .AddWorkflow<SequentialWorkflow, CountInput, int>()
        .AddWorkflow<ParallelWorkflow, CountInput, int>()
        .AddWorkflow<CatchAllWorkflow, CountInput, string>()
        .AddWorkflow<FailThenStepWorkflow, CountInput, string>()
        .AddWorkflow<UnhandledFailureWorkflow, CountInput, int>()
        .AddWorkflow<DuplicateKeyWorkflow, CountInput, string>()
        .AddWorkflow<SameKeyTwiceWorkflow, CountInput, int[]>()
        .AddWorkflow<CustomStatusWorkflow, CountInput, string>()
        .AddWorkflow<BigOutputWorkflow, CountInput, string>()
        .AddWorkflow<FailingChildWorkflow, CountInput, int>()
        .AddWorkflow<ChildFailureWorkflow, CountInput, string>()
        .AddWorkflow<ClockWorkflow, CountInput, DateTime[]>();
}
