using CatalogForge.Core.Domain;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Pipeline.Activities;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Pipeline.Workflows;

/// <summary>
/// A chunk of items, each: GenerateContent → (EmbedProduct ∥ RenderImage) → SaveProduct. A failed step records the
/// item as failed with its error class (an unexpected exception as <see cref="ErrorClass.Unknown"/>: it fails its item,
/// never the chunk); items not started before a cancel are marked cancelled. In a retry round the
/// chunk runs only its items that failed before; the round is a new workflow instance, so the keys below start fresh.
/// </summary>
public sealed class ProductChunkWorkflow : IWorkflow<ChunkInput, ChunkResult>
{
    public static string Name => "ProductChunk";

    public async Task<ChunkResult> RunAsync(IWorkflowContext context, ChunkInput chunk)
    {
        var indexes = chunk.Job.Round == 0
            ? Enumerable.Range(chunk.Start, chunk.Count).ToArray()
            : await context.CallActivityAsync<int[]>(ListRetryItemsActivity.Name,
                new ItemRangeInput(chunk.Job, chunk.Start, chunk.Count), "retry-items");
        var outcome = await WindowedFanOut.RunAsync(context, indexes.Length, chunk.ItemWindow,
            i => RunItemAsync(context, new ItemRef(chunk.Job, chunk.Kind, chunk.Language, indexes[i]), chunk.Images));

        var cancelled = 0;
        if (outcome.Started < indexes.Length)
        {
            // Every item started has finished by now, so what is still Pending from the first unstarted one on never ran.
            var first = indexes[outcome.Started];
            cancelled = await context.CallActivityAsync<int>(CancelItemsActivity.Name,
                new CancelItemsInput(chunk.Job, first, chunk.Start + chunk.Count - first), "cancel-unstarted");
        }

        var cost = outcome.Results.Aggregate(AiCost.Zero, (sum, item) => sum.Add(item.Cost));
        return new ChunkResult(
            outcome.Results.Count(r => r.Status == ItemStatus.Succeeded),
            outcome.Results.Count(r => r.Status == ItemStatus.Failed),
            cancelled,
            cost);
    }

    private static async Task<ItemResult> RunItemAsync(IWorkflowContext context, ItemRef item, bool images)
    {
        var key = JobItemEntity.RowKeyFor(item.Index);
        var spent = AiCost.Zero;
        var step = GenerateContentActivity.Name;
        Task<EmbeddingRef>? embedding = null;
        Task<ImageRef?>? image = null;
        try
        {
            var content = await context.CallActivityAsync<ContentRef>(GenerateContentActivity.Name, item, $"gen/{key}");
            spent = content.Cost;

            step = EmbedProductActivity.Name;
            embedding = context.CallActivityAsync<EmbeddingRef>(EmbedProductActivity.Name, content, $"embed/{key}");
            image = images
                ? context.CallActivityAsync<ImageRef?>(RenderImageActivity.Name, content, $"image/{key}")
                : Task.FromResult<ImageRef?>(null);
            await Task.WhenAll(embedding, image);

            step = SaveProductActivity.Name;
            return await context.CallActivityAsync<ItemResult>(SaveProductActivity.Name,
                new SaveProductInput(content, embedding.Result, image.Result), $"save/{key}");
        }
        catch (ActivityFailedException ex)
        {
            return await RecordFailureAsync(context, new ItemFailure(item, ex.ErrorClass, ex.ErrorMessage, ex.Activity, spent), key);
        }
        catch (Exception ex) when (UnexpectedException.MayCatch(ex))
        {
            // Of the parallel pair, the step is the one that failed.
            if (step == EmbedProductActivity.Name && image is { IsFaulted: true } && embedding is not { IsFaulted: true })
            {
                step = RenderImageActivity.Name;
            }

            context.Logger.LogError(ex, "Workflow {InstanceId}: item {Index} of job {JobId} stopped in {Step} on an unexpected {ErrorType}",
                context.InstanceId, item.Index, item.Job.JobId, step, ex.GetType().FullName);
            return await RecordFailureAsync(context, new ItemFailure(item, ErrorClass.Unknown, UnexpectedException.Describe(ex), step, spent), key);
        }
    }

    private static Task<ItemResult> RecordFailureAsync(IWorkflowContext context, ItemFailure failure, string key) =>
        context.CallActivityAsync<ItemResult>(RecordItemFailureActivity.Name, failure, $"fail/{key}");
}
