using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Activities;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Durable;

/// <summary>
/// The Durable activity functions: one per Core activity, named <c>{Core name}Activity</c>, each a one-line call into
/// <see cref="ActivityRunner"/>. The Functions tests check that every activity Core registers has its function here.
/// </summary>
public sealed class PipelineActivities
{
    [Function("StartJobActivity")]
    public Task<ActivityOutcome<JobPlan>> StartJob([ActivityTrigger] JobRef input, FunctionContext context) =>
        ActivityRunner.RunAsync<StartJobActivity, JobRef, JobPlan>(input, context);

    [Function("GenerateContentActivity")]
    public Task<ActivityOutcome<ContentRef>> GenerateContent([ActivityTrigger] ItemRef input, FunctionContext context) =>
        ActivityRunner.RunAsync<GenerateContentActivity, ItemRef, ContentRef>(input, context);

    [Function("EmbedProductActivity")]
    public Task<ActivityOutcome<EmbeddingRef>> EmbedProduct([ActivityTrigger] ContentRef input, FunctionContext context) =>
        ActivityRunner.RunAsync<EmbedProductActivity, ContentRef, EmbeddingRef>(input, context);

    [Function("RenderImageActivity")]
    public Task<ActivityOutcome<ImageRef>> RenderImage([ActivityTrigger] ContentRef input, FunctionContext context) =>
        ActivityRunner.RunAsync<RenderImageActivity, ContentRef, ImageRef>(input, context);

    [Function("SaveProductActivity")]
    public Task<ActivityOutcome<ItemResult>> SaveProduct([ActivityTrigger] SaveProductInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<SaveProductActivity, SaveProductInput, ItemResult>(input, context);

    [Function("RecordItemFailureActivity")]
    public Task<ActivityOutcome<ItemResult>> RecordItemFailure([ActivityTrigger] ItemFailure input, FunctionContext context) =>
        ActivityRunner.RunAsync<RecordItemFailureActivity, ItemFailure, ItemResult>(input, context);

    [Function("CancelItemsActivity")]
    public Task<ActivityOutcome<int>> CancelItems([ActivityTrigger] CancelItemsInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<CancelItemsActivity, CancelItemsInput, int>(input, context);

    [Function("UpdateJobProgressActivity")]
    public Task<ActivityOutcome<bool>> UpdateJobProgress([ActivityTrigger] JobProgressInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<UpdateJobProgressActivity, JobProgressInput, bool>(input, context);

    [Function("CompleteJobActivity")]
    public Task<ActivityOutcome<JobSummary>> CompleteJob([ActivityTrigger] CompleteJobInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<CompleteJobActivity, CompleteJobInput, JobSummary>(input, context);

    [Function("ListRetryItemsActivity")]
    public Task<ActivityOutcome<int[]>> ListRetryItems([ActivityTrigger] ItemRangeInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<ListRetryItemsActivity, ItemRangeInput, int[]>(input, context);

    [Function("FailJobActivity")]
    public Task<ActivityOutcome<bool>> FailJob([ActivityTrigger] FailJobInput input, FunctionContext context) =>
        ActivityRunner.RunAsync<FailJobActivity, FailJobInput, bool>(input, context);
}
