using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Product content → embedding vector, stored in <c>Embeddings</c> with its model and content hash.</summary>
public sealed class EmbedProductActivity(ProductBlobs blobs, CatalogTables tables, IAiGateway ai) : Orchestration.IActivity<ContentRef, EmbeddingRef>
{
    public static string Name => "EmbedProduct";

    public async Task<EmbeddingRef> RunAsync(ContentRef content, CancellationToken cancellationToken)
    {
        var tenantId = content.Item.Job.TenantId;
        var json = await blobs.ReadAsync(ProductBlobs.ContentPath(tenantId, content.ProductId), cancellationToken)
            ?? throw new ClassifiedException(ErrorClass.Storage, $"content.json of product {content.ProductId} is missing.");
        var text = EmbeddingText(content, json);
        var call = content.Item.AiCall();
        var result = await ai.EmbedAsync(call, text, cancellationToken);

        await tables.Embeddings.UpsertEntityAsync(new EmbeddingEntity
        {
            PartitionKey = tenantId,
            RowKey = content.ProductId,
            Model = result.Usage.Model,
            Deployment = result.Usage.Deployment,
            Dimensions = result.Value.Length,
            ContentHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
            Vector = EmbeddingEntity.Pack(result.Value),
        }, cancellationToken: cancellationToken);

        return new EmbeddingRef(result.Usage.Model, result.Usage.Deployment, result.Value.Length,
            new AiCost(result.Usage.InputTokens, 0, Money.ToMicros(result.Usage.CostUsd)));
    }

    /// <summary>What similarity should see: the words a shopper would search by.</summary>
    private static string EmbeddingText(ContentRef content, BinaryData json)
    {
        if (content.Item.Kind == JobKind.Generate)
        {
            var generated = json.ToObjectFromJson<GeneratedProductContent>(CatalogJson.Options)!;
            return string.Join('\n', generated.Title, generated.Subtitle, generated.Description,
                string.Join("; ", generated.Features), string.Join(", ", generated.SeoKeywords));
        }

        var enriched = json.ToObjectFromJson<EnrichedProductContent>(CatalogJson.Options)!;
        return string.Join('\n', content.Title, string.Join(" > ", enriched.CategoryPath), enriched.Description,
            string.Join(", ", enriched.Tags), string.Join("; ", enriched.Attributes.Select(a => $"{a.Name}: {a.Value}")));
    }
}
