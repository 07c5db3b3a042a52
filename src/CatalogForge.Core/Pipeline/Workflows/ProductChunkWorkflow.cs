using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline.Activities;
using CatalogForge.Core.Workflow;

namespace CatalogForge.Core.Pipeline.Workflows;

/// <summary>
/// A chunk of items, each: GenerateContent → (EmbedProduct ∥ RenderImage) → SaveProduct. A failed step records the
/// item as failed with its error class; items not started before a cancel are marked cancelled.
/// </summary>
public sealed class ProductChunkWorkflow : IWorkflow<ChunkInput, ChunkResult>
{
    public static string Name => "ProductChunk";

    public async Task<ChunkResult> RunAsync(IWorkflowContext context, ChunkInput chunk)
    {
        var outcome = await WindowedFanOut.RunAsync(context, chunk.Count, chunk.ItemWindow,
            offset => RunItemAsync(context, new ItemRef(chunk.Job, chunk.Kind, chunk.Language, chunk.Start + offset), chunk.Images));

        var cancelled = 0;
        if (outcome.Started < chunk.Count)
        {
            cancelled = await context.CallActivityAsync<int>(CancelItemsActivity.Name,
                new CancelItemsInput(chunk.Job, chunk.Start + outcome.Started, chunk.Count - outcome.Started), "cancel-unstarted");
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
        var key = ProductIds.ItemKey(item.Index);
        var spent = AiCost.Zero;
        try
        {
            var content = await context.CallActivityAsync<ContentRef>(GenerateContentActivity.Name, item, $"gen/{key}");
            spent = content.Cost;

            var embedding = context.CallActivityAsync<EmbeddingRef>(EmbedProductActivity.Name, content, $"embed/{key}");
            var image = images
                ? context.CallActivityAsync<ImageRef?>(RenderImageActivity.Name, content, $"image/{key}")
                : Task.FromResult<ImageRef?>(null);
            await Task.WhenAll(embedding, image);

            return await context.CallActivityAsync<ItemResult>(SaveProductActivity.Name,
                new SaveProductInput(content, embedding.Result, image.Result), $"save/{key}");
        }
        catch (ActivityFailedException ex)
        {
            return await context.CallActivityAsync<ItemResult>(RecordItemFailureActivity.Name,
                new ItemFailure(item, ex.ErrorClass, ex.ErrorMessage, ex.Activity, spent), $"fail/{key}");
        }
    }
}
