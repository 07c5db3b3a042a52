using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Workflows;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Tests.Support;
using Microsoft.DurableTask;
using NSubstitute;

namespace CatalogForge.Core.Tests.Orchestration;

public sealed class ProductChunkOrchestratorTests
{
    private static readonly JobRef Job = new("tenant1", "9999998236400a1b2");
    private static readonly ChunkInput Chunk = new(Job, JobKind.Generate, Images: true, Language: "en", Start: 4, Count: 2, ItemWindow: 2);
    private static readonly AiCost ContentCost = new(100, 400, 900);

    [Fact]
    public async Task Each_item_runs_generate_then_embed_and_image_then_save_with_the_outputs_of_the_steps_before()
    {
        var context = ChunkContext();

        var result = await new WorkflowOrchestrator<ProductChunkWorkflow, ChunkInput, ChunkResult>().RunAsync(context, context.GetInput<ChunkInput>()!);

        Assert.Equal(new ChunkResult(2, 0, 0, new AiCost(200, 800, 1800)), result);
        Assert.Equal([Item(4), Item(5)], context.ActivityInputs<ItemRef>("GenerateContentActivity").OrderBy(i => i.Index));
        Assert.Equal([Content(Item(4)), Content(Item(5))], context.ActivityInputs<ContentRef>("EmbedProductActivity").OrderBy(c => c.Item.Index));
        Assert.Equal([Content(Item(4)), Content(Item(5))], context.ActivityInputs<ContentRef>("RenderImageActivity").OrderBy(c => c.Item.Index));
        Assert.Equal(
            [new SaveProductInput(Content(Item(4)), Embedding, Image(4)), new SaveProductInput(Content(Item(5)), Embedding, Image(5))],
            context.ActivityInputs<SaveProductInput>("SaveProductActivity").OrderBy(s => s.Content.Item.Index));
        Assert.Empty(context.ActivityInputs<ItemFailure>("RecordItemFailureActivity"));
    }

    [Fact]
    public async Task A_failing_item_is_recorded_with_its_error_class_and_the_other_item_still_succeeds()
    {
        var context = ChunkContext(failIndex: 5);

        var result = await new WorkflowOrchestrator<ProductChunkWorkflow, ChunkInput, ChunkResult>().RunAsync(context, context.GetInput<ChunkInput>()!);

        Assert.Equal(1, result.Succeeded);
        Assert.Equal(1, result.Failed);
        Assert.Equal(
            [new ItemFailure(Item(5), ErrorClass.RateLimited, "429 after 5 retries", "GenerateContent", AiCost.Zero)],
            context.ActivityInputs<ItemFailure>("RecordItemFailureActivity"));
        Assert.Equal([Content(Item(4))], context.ActivityInputs<SaveProductInput>("SaveProductActivity").Select(s => s.Content));
    }

    [Fact]
    public async Task An_activity_the_Durable_runtime_could_not_run_fails_only_its_item_classified_Unknown()
    {
        var context = ChunkContext();
        context.CallActivityAsync<ActivityOutcome<EmbeddingRef>>(Arg.Is<TaskName>(n => n.Name == "EmbedProductActivity"), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
            .Returns(call => ((ContentRef)call.ArgAt<object?>(1)!).Item.Index == 4
                ? Task.FromException<ActivityOutcome<EmbeddingRef>>(new TaskFailedException("EmbedProductActivity", 9, new InvalidOperationException("host recycled")))
                : Task.FromResult(ActivityOutcome<EmbeddingRef>.Success(Embedding)));

        var result = await new WorkflowOrchestrator<ProductChunkWorkflow, ChunkInput, ChunkResult>().RunAsync(context, context.GetInput<ChunkInput>()!);

        Assert.Equal((1, 1), (result.Succeeded, result.Failed));
        var failure = Assert.Single(context.ActivityInputs<ItemFailure>("RecordItemFailureActivity"));
        Assert.Equal((4, ErrorClass.Unknown, "EmbedProduct", ContentCost), (failure.Item.Index, failure.ErrorClass, failure.Step, failure.CostSoFar));
        Assert.Contains("host recycled", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EmbedProductActivity", "EmbedProduct")]
    [InlineData("RenderImageActivity", "RenderImage")]
    [InlineData("SaveProductActivity", "SaveProduct")]
    public async Task An_unexpected_exception_in_an_items_step_fails_only_that_item_classified_Unknown(string function, string step)
    {
        var context = ChunkContext();
        var error = new System.Text.Json.JsonException("The JSON value could not be converted. Path: $.Result | LineNumber: 0 | BytePositionInLine: 12.");
        switch (function)
        {
            case "EmbedProductActivity":
                context.CallActivityAsync<ActivityOutcome<EmbeddingRef>>(Arg.Is<TaskName>(n => n.Name == function), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
                    .Returns(call => ((ContentRef)call.ArgAt<object?>(1)!).Item.Index == 4
                        ? Task.FromException<ActivityOutcome<EmbeddingRef>>(error)
                        : Task.FromResult(ActivityOutcome<EmbeddingRef>.Success(Embedding)));
                break;
            case "RenderImageActivity":
                context.CallActivityAsync<ActivityOutcome<ImageRef>>(Arg.Is<TaskName>(n => n.Name == function), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
                    .Returns(call => ((ContentRef)call.ArgAt<object?>(1)!).Item.Index == 4
                        ? Task.FromException<ActivityOutcome<ImageRef>>(error)
                        : Task.FromResult(ActivityOutcome<ImageRef>.Success(Image(5))));
                break;
            default:
                context.CallActivityAsync<ActivityOutcome<ItemResult>>(Arg.Is<TaskName>(n => n.Name == function), Arg.Any<object?>(), Arg.Any<TaskOptions?>())
                    .Returns(call => ((SaveProductInput)call.ArgAt<object?>(1)!).Content.Item.Index == 4
                        ? Task.FromException<ActivityOutcome<ItemResult>>(error)
                        : Task.FromResult(ActivityOutcome<ItemResult>.Success(new ItemResult(5, ItemStatus.Succeeded, ContentCost))));
                break;
        }

        var result = await new WorkflowOrchestrator<ProductChunkWorkflow, ChunkInput, ChunkResult>().RunAsync(context, context.GetInput<ChunkInput>()!);

        Assert.Equal((1, 1, 0), (result.Succeeded, result.Failed, result.Cancelled));
        var failure = Assert.Single(context.ActivityInputs<ItemFailure>("RecordItemFailureActivity"));
        Assert.Equal((4, ErrorClass.Unknown, step, ContentCost), (failure.Item.Index, failure.ErrorClass, failure.Step, failure.CostSoFar));
        Assert.Contains(nameof(System.Text.Json.JsonException), failure.Message, StringComparison.Ordinal);
        Assert.InRange(failure.Message.Length, 1, UnexpectedException.MaxMessageChars);
    }

    [Fact]
    public async Task Activities_are_called_with_the_retry_policy_for_infrastructure_failures_only()
    {
        var context = ChunkContext();

        await new WorkflowOrchestrator<ProductChunkWorkflow, ChunkInput, ChunkResult>().RunAsync(context, context.GetInput<ChunkInput>()!);

        await context.Received().CallActivityAsync<ActivityOutcome<ContentRef>>(
            Arg.Is<TaskName>(n => n.Name == "GenerateContentActivity"), Arg.Any<object?>(),
            Arg.Is<TaskOptions?>(options => options == DurableWorkflowContext.InfrastructureRetry));
    }

    private static TaskOrchestrationContext ChunkContext(int? failIndex = null)
    {
        var context = Orchestrations.Context($"{ProductIds.JobInstanceId(Job.TenantId, Job.JobId)}:chunk-00002");
        context.Input(Chunk);
        context.Activity<ItemRef, ContentRef>("GenerateContentActivity", item => item.Index == failIndex
            ? ActivityOutcome<ContentRef>.Failure(ErrorClass.RateLimited, "429 after 5 retries")
            : ActivityOutcome<ContentRef>.Success(Content(item)));
        context.Activity<ContentRef, EmbeddingRef>("EmbedProductActivity", _ => Embedding);
        context.Activity<ContentRef, ImageRef>("RenderImageActivity", content => Image(content.Item.Index));
        context.Activity<SaveProductInput, ItemResult>("SaveProductActivity", save => new ItemResult(
            save.Content.Item.Index, ItemStatus.Succeeded, save.Content.Cost.Add(save.Embedding.Cost).Add(save.Image!.Cost)));
        context.Activity<ItemFailure, ItemResult>("RecordItemFailureActivity", failure => new ItemResult(failure.Item.Index, ItemStatus.Failed, failure.CostSoFar));
        return context;
    }

    private static ItemRef Item(int index) => new(Job, JobKind.Generate, "en", index);

    private static ContentRef Content(ItemRef item) =>
        new(item, ProductIds.ForItem(Job.JobId, item.Index), $"Title {item.Index}", "Summary", "A cover", "chat-standard", false, ContentCost);

    private static readonly EmbeddingRef Embedding = new("text-embedding-3-small", "embedding", 1536, AiCost.Zero);

    private static ImageRef Image(int index) => new($"products/tenant1/{index}/image.png", "image", AiCost.Zero);
}
