using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Benchmarks.Pipeline;

/// <summary>
/// One item the way the seeds' scripts do it: chat, then embedding, then image, one after another, through the same AI
/// gateway (same retries, cache and ledger) and writing the same blobs as the engine's activities. No memoisation.
/// </summary>
public sealed class DirectItemSteps(IAiGateway ai, ProductBlobs blobs, ILogger<DirectItemSteps> logger)
{
    /// <returns>True when the item got its content, embedding and image; false when a step failed (logged with its class).</returns>
    public async Task<bool> RunAsync(string tenantId, string runId, int index, ProductBrief brief, CancellationToken cancellationToken)
    {
        var call = new AiCallContext(tenantId, runId, JobItemEntity.RowKeyFor(index));
        var productId = ProductIds.ForItem(runId, index);
        try
        {
            var content = (await ai.GenerateJsonAsync<GeneratedProductContent>(call, "ProductContent",
                ProductPrompts.GenerateSystem("en"), ProductPrompts.GenerateUser(brief), cancellationToken)).Value;
            await blobs.WriteAsync(ProductBlobs.ContentPath(tenantId, productId),
                BinaryData.FromObjectAsJson(content, CatalogJson.Options), "application/json", cancellationToken);

            await ai.EmbedAsync(call, string.Join('\n', content.Title, content.Subtitle, content.Description), cancellationToken);

            var image = await ai.GenerateImageAsync(call, ProductPrompts.ImagePrompt(content.Title, content.ImagePrompt), cancellationToken);
            await blobs.WriteAsync(ProductBlobs.ImagePath(tenantId, productId), BinaryData.FromBytes(image.Value), "image/png", cancellationToken);
            return true;
        }
        catch (ClassifiedException ex)
        {
            logger.LogWarning("Item {Index} of run {RunId} failed with {ErrorClass}: {Message}", index, runId, ex.ErrorClass, ex.Message);
            return false;
        }
    }
}
