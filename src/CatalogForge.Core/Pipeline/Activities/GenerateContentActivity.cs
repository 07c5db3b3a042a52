using System.Text.Json;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Item input → schema-constrained content from the chat model, stored as <c>content.json</c>.</summary>
public sealed class GenerateContentActivity(
    JobItemWriter items,
    ProductBlobs blobs,
    IAiGateway ai,
    IOptions<AiOptions> options,
    ILogger<GenerateContentActivity> logger) : IActivity<ItemRef, ContentRef>
{
    public static string Name => "GenerateContent";

    public async Task<ContentRef> RunAsync(ItemRef item, CancellationToken cancellationToken)
    {
        var row = await items.ReadAsync(item.Job, item.Index, cancellationToken);
        if (row.FailedStep == JobItemEntity.RejectedStep
            || (row.ItemStatus == ItemStatus.Failed && row.ErrorClass == nameof(ErrorClass.Validation)))
        {
            // A row rejected when its queue message was ingested (or already failed validation before a re-run): its input
            // has not changed, so it stays failed with the original reason.
            throw new ClassifiedException(ErrorClass.Validation, row.ErrorMessage ?? "The row was rejected at ingestion.");
        }

        var productId = ProductIds.ForItem(item.Job.JobId, item.Index);
        var call = item.AiCall();

        object content;
        string title, summary, imagePrompt, category;
        AiUsage usage;
        bool degraded;
        if (item.Kind == JobKind.Generate)
        {
            var brief = Deserialize<ProductBrief>(row.InputJson);
            var result = await GenerateAsync<GeneratedProductContent>(call, "ProductContent", ProductPrompts.GenerateSystem(item.Language),
                [ProductPrompts.GenerateUser(brief), ProductPrompts.GenerateUserSimplified(brief),
                 ProductPrompts.Generic(options.Value.ContentPolicy.GenericGenerate, brief.ProductType)],
                cancellationToken);
            (content, usage, degraded) = (result.Value, result.Usage, result.Degraded);
            title = result.Value.Title;
            summary = result.Value.Subtitle;
            imagePrompt = result.Value.ImagePrompt;
            category = brief.ProductType;
        }
        else
        {
            var catalogRow = Deserialize<CatalogRow>(row.InputJson);
            var result = await GenerateAsync<EnrichedProductContent>(call, "Enrichment", ProductPrompts.EnrichSystem(item.Language),
                [ProductPrompts.EnrichUser(catalogRow), ProductPrompts.EnrichUserSimplified(catalogRow),
                 ProductPrompts.Generic(options.Value.ContentPolicy.GenericEnrich, catalogRow.Sku)],
                cancellationToken);
            (content, usage, degraded) = (result.Value, result.Usage, result.Degraded);
            title = catalogRow.Name;
            summary = string.Join(" › ", result.Value.CategoryPath);
            imagePrompt = result.Value.ImagePrompt;
            category = summary;
        }

        var json = BinaryData.FromObjectAsJson(content, CatalogJson.Options);
        await blobs.WriteAsync(ProductBlobs.ContentPath(item.Job.TenantId, productId), json, "application/json", cancellationToken);

        return new ContentRef(item, productId, Clip(title, 300), Clip(summary, 500), Clip(imagePrompt, 1000), usage.Deployment, degraded,
            new AiCost(usage.InputTokens, usage.OutputTokens, Money.ToMicros(usage.CostUsd)), Clip(category, 300));
    }

    /// <summary>
    /// Tries the prompts in order while the provider refuses them on content policy: the full prompt, a simplified one,
    /// then the generic one. Anything but the full prompt marks the result degraded; the last refusal fails the item.
    /// </summary>
    private async Task<AiResult<T>> GenerateAsync<T>(
        AiCallContext call, string workload, string system, IReadOnlyList<string> prompts, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var result = await ai.GenerateJsonAsync<T>(call, workload, system, prompts[attempt], cancellationToken);
                return attempt == 0 ? result : result with { Degraded = true };
            }
            catch (AiCallException ex) when (ex.ErrorClass == ErrorClass.ContentPolicy && attempt + 1 < prompts.Count)
            {
                logger.LogWarning("Item {ItemKey} of job {JobId} refused on content policy (prompt {Attempt}); trying a {Next} prompt",
                    call.ItemKey, call.JobId, attempt + 1, attempt + 1 == prompts.Count - 1 ? "generic" : "simplified");
            }
        }
    }

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, CatalogJson.Options)
        ?? throw new ClassifiedException(ErrorClass.Validation, "The stored item input cannot be read for this job's kind.");

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
