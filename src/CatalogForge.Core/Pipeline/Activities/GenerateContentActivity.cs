using System.Text.Json;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Workflow;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Item input → schema-constrained content from the chat model, stored as <c>content.json</c>.</summary>
public sealed class GenerateContentActivity(JobItemWriter items, ProductBlobs blobs, IAiGateway ai) : IActivity<ItemRef, ContentRef>
{
    public static string Name => "GenerateContent";

    public async Task<ContentRef> RunAsync(ItemRef item, CancellationToken cancellationToken)
    {
        var row = await items.ReadAsync(item.Job, item.Index, cancellationToken);
        var productId = ProductIds.ForItem(item.Job.JobId, item.Index);
        var call = new AiCallContext(item.Job.TenantId, item.Job.JobId, ProductIds.ItemKey(item.Index));

        object content;
        string title, summary, imagePrompt;
        AiUsage usage;
        bool degraded;
        if (item.Kind == JobKind.Generate)
        {
            var brief = Deserialize<ProductBrief>(row.InputJson);
            var result = await ai.GenerateJsonAsync<GeneratedProductContent>(call, "ProductContent",
                ProductPrompts.GenerateSystem(item.Language), ProductPrompts.GenerateUser(brief), cancellationToken);
            (content, usage, degraded) = (result.Value, result.Usage, result.Degraded);
            title = result.Value.Title;
            summary = result.Value.Subtitle;
            imagePrompt = result.Value.ImagePrompt;
        }
        else
        {
            var catalogRow = Deserialize<CatalogRow>(row.InputJson);
            var result = await ai.GenerateJsonAsync<EnrichedProductContent>(call, "Enrichment",
                ProductPrompts.EnrichSystem(item.Language), ProductPrompts.EnrichUser(catalogRow), cancellationToken);
            (content, usage, degraded) = (result.Value, result.Usage, result.Degraded);
            title = catalogRow.Name;
            summary = string.Join(" › ", result.Value.CategoryPath);
            imagePrompt = result.Value.ImagePrompt;
        }

        var json = BinaryData.FromObjectAsJson(content, PipelineJson.Options);
        await blobs.WriteAsync(ProductBlobs.ContentPath(item.Job.TenantId, productId), json, "application/json", cancellationToken);

        return new ContentRef(item, productId, Clip(title, 300), Clip(summary, 500), Clip(imagePrompt, 1000), usage.Deployment, degraded,
            new AiCost(usage.InputTokens, usage.OutputTokens, Money.ToMicros(usage.CostUsd)));
    }

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, PipelineJson.Options)
        ?? throw new ClassifiedException(ErrorClass.Validation, $"The stored item input is not a {typeof(T).Name}.");

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
