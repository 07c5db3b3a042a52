using System.Diagnostics;
using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Products;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;

namespace CatalogForge.Benchmarks.Nightly;

/// <summary>
/// Writes a tenant's catalog straight through the Core storage classes, as the product pipeline leaves it: a product
/// row, its content blob and its embedding row (the vector of the embedding text's hash, so the nightly run finds it
/// current). Vectors are seeded random around 200 topic centres; every 100th product is a near-copy of the one before
/// (a near-duplicate pair). <paramref name="Stale"/> products get an embedding made "from other text", which the run
/// re-embeds through the AI gateway.
/// </summary>
public sealed record NightlyCatalogSeeder(int Products, int Dimensions, int Stale, string EmbeddingModel)
{
    private const int Topics = 200;
    private const int UploadsInFlight = 32;

    public async Task<TimeSpan> SeedAsync(CatalogTables tables, ProductBlobs blobs, string tenantId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(12_345);
        var topics = Enumerable.Range(0, Topics).Select(_ => RandomVector(random, 1f)).ToArray();
        float[]? previous = null;
        foreach (var chunk in Enumerable.Range(0, Products).Chunk(TableBatches.MaxBatchSize))
        {
            var products = new List<ProductEntity>(chunk.Length);
            var embeddings = new List<EmbeddingEntity>(chunk.Length);
            var contents = new List<(string Path, BinaryData Json)>(chunk.Length);
            foreach (var index in chunk)
            {
                var (product, json, text) = Product(tenantId, index);
                var vector = index % 100 == 99 && previous is not null
                    ? Add(previous, RandomVector(random, 0.05f))
                    : Add(topics[random.Next(Topics)], RandomVector(random, 0.9f));
                previous = vector;
                products.Add(product);
                contents.Add((product.ContentBlob, json));
                embeddings.Add(new EmbeddingEntity
                {
                    PartitionKey = tenantId,
                    RowKey = product.RowKey,
                    Model = EmbeddingModel,
                    Deployment = EmbeddingModel,
                    Dimensions = Dimensions,
                    ContentHash = index < Stale ? "made-from-other-text" : ProductEmbeddingText.Hash(text),
                    Vector = EmbeddingEntity.Pack(vector),
                });
            }

            await Parallel.ForEachAsync(contents, new ParallelOptions { MaxDegreeOfParallelism = UploadsInFlight, CancellationToken = cancellationToken },
                async (content, token) => await blobs.WriteAsync(content.Path, content.Json, "application/json", token));
            await tables.Products.UpsertAllAsync(products, cancellationToken);
            await tables.Embeddings.UpsertAllAsync(embeddings, cancellationToken);
        }

        return clock.Elapsed;
    }

    private static (ProductEntity Row, BinaryData Json, string EmbeddingText) Product(string tenantId, int index)
    {
        var productId = $"nightlybench-{index:D6}";
        var content = new GeneratedProductContent
        {
            Title = $"Guide {index}: sourdough, pastry and bread at home",
            Subtitle = $"Volume {index % 37} of the home baker's library",
            Description = $"A practical guide number {index} with recipes, schedules and troubleshooting for bakers of every level.",
            Features = ["step-by-step recipes", $"{index % 50 + 10} photographed techniques", "printable schedules"],
            Outline = [new OutlineSection { Heading = "Starter", Summary = "Feeding and keeping a starter." }],
            SeoKeywords = ["sourdough", "baking", $"guide {index % 90}"],
            PriceHint = new PriceHint { Amount = 9 + index % 20, Currency = "EUR" },
            ImagePrompt = "A loaf of sourdough bread on a wooden board",
        };
        var json = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(content, CatalogJson.Options));
        var row = new ProductEntity
        {
            PartitionKey = tenantId,
            RowKey = productId,
            JobId = "nightlybench",
            ItemIndex = index,
            JobKind = JobKind.Generate,
            Title = content.Title,
            Summary = content.Subtitle,
            ContentBlob = ProductBlobs.ContentPath(tenantId, productId),
            CreatedAt = DateTimeOffset.UtcNow,
            Category = "Guides",
            CategoryKey = ProductEntity.CategoryKeyOf("Guides"),
        };
        return (row, json, ProductEmbeddingText.Of(JobKind.Generate, content.Title, json));
    }

    private float[] RandomVector(Random random, float scale)
    {
        var vector = new float[Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }

        return vector;
    }

    private static float[] Add(float[] a, float[] b) => a.Select((value, i) => value + b[i]).ToArray();
}
