using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Workflows;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Tests.Support;
using Microsoft.DurableTask;
using NSubstitute;

namespace CatalogForge.Core.Tests.Orchestration;

public sealed class ProductJobOrchestratorTests
{
    private static readonly JobRef Job = new("tenant1", "9999998236400a1b2");
    private static readonly string InstanceId = ProductIds.JobInstanceId(Job.TenantId, Job.JobId);

    [Fact]
    public async Task Plans_the_job_then_runs_one_sub_orchestration_per_chunk_under_deterministic_ids_and_completes_it()
    {
        var context = JobContext(itemCount: 5, chunkSize: 2);
        context.CallSubOrchestratorAsync<ChunkResult>(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(call => Task.FromResult(new ChunkResult(((ChunkInput)call.ArgAt<object?>(1)!).Count, 0, 0, new AiCost(10, 20, 30))));

        var summary = await new WorkflowOrchestrator<ProductJobWorkflow, JobRef, JobSummary>().RunAsync(context, context.GetInput<JobRef>()!);

        Assert.Equal(new JobSummary(JobStatus.Completed, 5, 0, 0), summary);
        Assert.Equal([Job], context.ActivityInputs<JobRef>("StartJobActivity"));
        var chunks = context.SubOrchestrations();
        Assert.All(chunks, chunk => Assert.Equal("ProductChunkOrchestrator", chunk.Function));
        Assert.Equal([$"{InstanceId}:chunk-00000", $"{InstanceId}:chunk-00001", $"{InstanceId}:chunk-00002"], chunks.Select(c => c.InstanceId));
        Assert.Equal([(0, 2), (2, 2), (4, 1)], chunks.Select(c => (((ChunkInput)c.Input!).Start, ((ChunkInput)c.Input!).Count)));
        Assert.All(chunks, c => Assert.Equal(Job, ((ChunkInput)c.Input!).Job));
        var progress = context.ActivityInputs<JobProgressInput>("UpdateJobProgressActivity");
        Assert.Equal(3, progress.Count);
        Assert.Equal(new ChunkResult(5, 0, 0, new AiCost(30, 60, 90)), progress[^1].Totals);
        Assert.Equal([new CompleteJobInput(Job, false)], context.ActivityInputs<CompleteJobInput>("CompleteJobActivity"));
        Assert.Empty(context.ActivityInputs<CancelItemsInput>("CancelItemsActivity"));
    }

    [Fact]
    public async Task A_cancel_that_arrived_before_the_fan_out_starts_no_chunk_and_cancels_every_item()
    {
        var context = JobContext(itemCount: 5, chunkSize: 2, cancel: Task.FromResult(true));
        context.Activity<CancelItemsInput, int>("CancelItemsActivity", input => input.Count);

        await new WorkflowOrchestrator<ProductJobWorkflow, JobRef, JobSummary>().RunAsync(context, context.GetInput<JobRef>()!);

        Assert.Empty(context.SubOrchestrations());
        Assert.Equal([new CancelItemsInput(Job, 0, 5)], context.ActivityInputs<CancelItemsInput>("CancelItemsActivity"));
        Assert.Equal([new CompleteJobInput(Job, true)], context.ActivityInputs<CompleteJobInput>("CompleteJobActivity"));
    }

    [Fact]
    public async Task A_cancel_during_the_fan_out_is_forwarded_to_the_running_chunks_which_finish_their_items()
    {
        var cancel = new TaskCompletionSource<bool>();
        var context = JobContext(itemCount: 4, chunkSize: 2, cancel: cancel.Task);
        var children = new Dictionary<string, TaskCompletionSource<ChunkResult>>();
        context.CallSubOrchestratorAsync<ChunkResult>(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(call =>
            {
                var child = new TaskCompletionSource<ChunkResult>();
                children[((SubOrchestrationOptions)call.ArgAt<TaskOptions?>(2)!).InstanceId!] = child;
                return child.Task;
            });

        var run = new WorkflowOrchestrator<ProductJobWorkflow, JobRef, JobSummary>().RunAsync(context, context.GetInput<JobRef>()!);
        cancel.SetResult(true);
        foreach (var child in children.Values)
        {
            child.SetResult(new ChunkResult(1, 0, 1, AiCost.Zero));
        }

        await run;

        Assert.Equal(2, children.Count);
        foreach (var childId in children.Keys)
        {
            context.Received(1).SendEvent(childId, DurableWorkflowContext.CancelEvent, true);
        }

        Assert.Equal([new CompleteJobInput(Job, true)], context.ActivityInputs<CompleteJobInput>("CompleteJobActivity"));
    }

    [Fact]
    public async Task A_chunk_that_crashes_in_the_Durable_runtime_fails_the_job_through_FailJob_with_its_reason()
    {
        var context = JobContext(itemCount: 2, chunkSize: 2);
        context.CallSubOrchestratorAsync<ChunkResult>(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(Task.FromException<ChunkResult>(new TaskFailedException("ProductChunkOrchestrator", 3, new InvalidOperationException("worker lost"))));
        context.Activity<FailJobInput, bool>("FailJobActivity", _ => true);

        var summary = await new WorkflowOrchestrator<ProductJobWorkflow, JobRef, JobSummary>().RunAsync(context, context.GetInput<JobRef>()!);

        Assert.Equal(JobStatus.Failed, summary.Status);
        var failure = Assert.Single(context.ActivityInputs<FailJobInput>("FailJobActivity"));
        Assert.Equal(ErrorClass.Unknown, failure.ErrorClass);
        Assert.Contains("worker lost", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancel_recorded_on_the_job_row_before_the_orchestration_ran_starts_no_chunk_and_ends_the_job_cancelled()
    {
        // No cancel event in this history: it was raised before the instance existed. The plan carries the row's flag.
        var context = JobContext(itemCount: 5, chunkSize: 2, cancelRequested: true);
        context.Activity<CancelItemsInput, int>("CancelItemsActivity", input => input.Count);

        var summary = await new WorkflowOrchestrator<ProductJobWorkflow, JobRef, JobSummary>().RunAsync(context, context.GetInput<JobRef>()!);

        Assert.Equal(JobStatus.Cancelled, summary.Status);
        Assert.Empty(context.SubOrchestrations());
        Assert.Equal([new CancelItemsInput(Job, 0, 5)], context.ActivityInputs<CancelItemsInput>("CancelItemsActivity"));
        Assert.Equal([new CompleteJobInput(Job, true)], context.ActivityInputs<CompleteJobInput>("CompleteJobActivity"));
    }

    public static TheoryData<string, Exception> UnexpectedFailures() => new()
    {
        // A chunk's result that fails in the orchestration's own code (not a classified TaskFailedException).
        { "chunk", new KeyNotFoundException("The given key 'chunk-00000' was not present in the dictionary.") },
        // An activity's result that cannot be read back: the JSON converter throws inside the orchestration.
        { "start", new System.Text.Json.JsonException("The JSON value could not be converted to CatalogForge.Core.Pipeline.JobPlan.") },
        { "progress", new InvalidCastException("Unable to cast object of type 'System.String' to type 'System.Boolean'.") },
    };

    [Theory]
    [MemberData(nameof(UnexpectedFailures))]
    public async Task An_unexpected_exception_anywhere_in_the_job_still_ends_it_Failed_through_FailJob_with_a_short_reason(string where, Exception error)
    {
        var context = JobContext(itemCount: 2, chunkSize: 2);
        context.CallSubOrchestratorAsync<ChunkResult>(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(where == "chunk" ? Task.FromException<ChunkResult>(error) : Task.FromResult(new ChunkResult(2, 0, 0, AiCost.Zero)));
        if (where == "start")
        {
            context.CallActivityAsync<ActivityOutcome<JobPlan>>(Arg.Is<TaskName>(n => n.Name == "StartJobActivity"), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
                .Returns(Task.FromException<ActivityOutcome<JobPlan>>(error));
        }
        else if (where == "progress")
        {
            context.CallActivityAsync<ActivityOutcome<bool>>(Arg.Is<TaskName>(n => n.Name == "UpdateJobProgressActivity"), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
                .Returns(Task.FromException<ActivityOutcome<bool>>(error));
        }

        context.Activity<FailJobInput, bool>("FailJobActivity", _ => true);

        var summary = await new WorkflowOrchestrator<ProductJobWorkflow, JobRef, JobSummary>().RunAsync(context, context.GetInput<JobRef>()!);

        Assert.Equal(JobStatus.Failed, summary.Status);
        var failure = Assert.Single(context.ActivityInputs<FailJobInput>("FailJobActivity"));
        Assert.Equal((Job, ErrorClass.Unknown), (failure.Job, failure.ErrorClass));
        Assert.Contains(error.GetType().Name, failure.Message, StringComparison.Ordinal);
        Assert.InRange(failure.Message.Length, 1, UnexpectedException.MaxMessageChars);
        Assert.Empty(context.ActivityInputs<CompleteJobInput>("CompleteJobActivity"));
    }

    [Fact]
    public async Task A_bug_in_the_workflow_code_itself_fails_the_job_too()
    {
        // A chunk size of 0 (nothing validates Jobs:ChunkSize) divides by zero in the orchestration's own code.
        var context = JobContext(itemCount: 2, chunkSize: 0);
        context.Activity<FailJobInput, bool>("FailJobActivity", _ => true);

        var summary = await new WorkflowOrchestrator<ProductJobWorkflow, JobRef, JobSummary>().RunAsync(context, context.GetInput<JobRef>()!);

        Assert.Equal(JobStatus.Failed, summary.Status);
        Assert.Contains(nameof(DivideByZeroException), Assert.Single(context.ActivityInputs<FailJobInput>("FailJobActivity")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_engines_own_abort_is_not_caught_so_the_engine_can_retry_the_work_item()
    {
        var context = JobContext(itemCount: 2, chunkSize: 2);
        context.CallSubOrchestratorAsync<ChunkResult>(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(Task.FromException<ChunkResult>(new global::DurableTask.Core.Exceptions.SessionAbortedException()));
        context.Activity<FailJobInput, bool>("FailJobActivity", _ => true);

        await Assert.ThrowsAsync<global::DurableTask.Core.Exceptions.SessionAbortedException>(
            () => new WorkflowOrchestrator<ProductJobWorkflow, JobRef, JobSummary>().RunAsync(context, context.GetInput<JobRef>()!));

        Assert.Empty(context.ActivityInputs<FailJobInput>("FailJobActivity"));
    }

    private static TaskOrchestrationContext JobContext(int itemCount, int chunkSize, Task<bool>? cancel = null, bool cancelRequested = false)
    {
        var context = Orchestrations.Context(InstanceId, cancel);
        context.Input(Job);
        context.Activity<JobRef, JobPlan>("StartJobActivity", _ => new JobPlan(
            Kind: JobKind.Generate, ItemCount: itemCount, Images: true, Language: "en", ChunkSize: chunkSize, ItemWindow: 4, ChunkWindow: 8,
            CancelRequested: cancelRequested));
        context.Activity<JobProgressInput, bool>("UpdateJobProgressActivity", _ => true);
        context.Activity<CompleteJobInput, JobSummary>("CompleteJobActivity", input => input.CancellationRequested
            ? new JobSummary(JobStatus.Cancelled, 0, 0, itemCount)
            : new JobSummary(JobStatus.Completed, itemCount, 0, 0));
        return context;
    }
}
