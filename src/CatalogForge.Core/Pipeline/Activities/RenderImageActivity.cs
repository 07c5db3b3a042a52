using CatalogForge.Core.Ai;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Image prompt → PNG from the image model, stored as <c>image.png</c>.</summary>
public sealed class RenderImageActivity(ProductBlobs blobs, IAiGateway ai) : Orchestration.IActivity<ContentRef, ImageRef>
{
    public static string Name => "RenderImage";

    public async Task<ImageRef> RunAsync(ContentRef content, CancellationToken cancellationToken)
    {
        var tenantId = content.Item.Job.TenantId;
        var call = content.Item.AiCall();
        var result = await ai.GenerateImageAsync(call, ProductPrompts.ImagePrompt(content.Title, content.ImagePrompt), cancellationToken);
        var path = ProductBlobs.ImagePath(tenantId, content.ProductId);
        await blobs.WriteAsync(path, BinaryData.FromBytes(result.Value), "image/png", cancellationToken);
        return new ImageRef(path, result.Usage.Deployment, new AiCost(0, 0, Money.ToMicros(result.Usage.CostUsd)));
    }
}
