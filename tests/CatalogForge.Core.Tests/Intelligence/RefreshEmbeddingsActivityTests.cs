using System.Text.Json;
using CatalogForge.AiEmulator;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Activities;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tests.Ai;
using CatalogForge.Core.Tests.Ai.Ledger;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Core.Tests.Intelligence;

/// <summary>
/// The nightly re-embedding against Azurite and the AI emulator over HTTP: stale products go in requests of
/// <see cref="NightlyOptions.EmbedBatchSize"/> texts; a request that fails counts its products as failed, and they keep
/// their old vectors until the next run embeds them.
/// </summary>
public sealed class RefreshEmbeddingsActivityTests(AzuriteFixture azurite)
{
    private const int Products = 5;
    private const int BatchSize = 2;
    private const string StaleHash = "made-from-other-text";

    [Fact]
    public async Task Stale_products_are_embedded_in_batches_and_a_failed_batch_keeps_its_old_vectors_until_the_next_run()
    {
        var ct = TestContext.Current.CancellationToken;
        // The first request fails with a 500 and, with no retries for server errors, fails its whole batch.
        var options = new EmulatorOptions { Deployments = { ["text-embedding-3-small"] = new DeploymentSettings { ServerErrorsBeforeSuccess = 1 } } };
        await using var emulator = await EmulatorHost.StartAsync(options, cancellationToken: ct);
        await LedgerStorage.CreateAsync(azurite);
        var deployment = $"embedding-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string?>
        {
            [$"Ai:Deployments:{deployment}:Tier"] = "standard",
            [$"Ai:Deployments:{deployment}:Dimensions"] = "16",
            ["Ai:Retry:Attempts:ServerError"] = "0",
        };
        EmulatorAiServices.AddDeployment(settings, deployment, "text-embedding-3-small", AiTask.Embedding);
        await using var services = EmulatorAiServices.Build(azurite, emulator, settings);
        var tables = services.GetRequiredService<CatalogTables>();
        var tenant = LedgerStorage.NewTenant("nightly-embed");
        await SeedAsync(services, tenant, ct);
        var activity = ActivatorUtilities.CreateInstance<RefreshEmbeddingsActivity>(services,
            Options.Create(new NightlyOptions { EmbedBatchSize = BatchSize }));

        var first = await activity.RunAsync(new NightlyRunInput(tenant, "20261201"), ct);

        Assert.Equal(3, emulator.State.Requests.Count(r => r.Kind == RequestKind.Embeddings)); // 5 products in requests of 2, 2, 1
        Assert.Equal(Products, first.Products);
        Assert.InRange(first.Failed, 1, BatchSize); // whichever batch was sent first
        Assert.Equal(Products, first.Reembedded + first.Failed);
        var rows = await EmbeddingsAsync(tables, tenant, ct);
        Assert.Equal(first.Failed, rows.Count(row => row.ContentHash == StaleHash && row.Dimensions == 4 && row.Unpack()[0] == 1f));
        Assert.Equal(first.Reembedded, rows.Count(row => row.ContentHash != StaleHash && row.Dimensions == 16));
        var failedRow = Assert.Single(await LedgerAsync(tables, tenant, ct), row => row.Failed);
        Assert.Equal(nameof(ErrorClass.ServerError), failedRow.ErrorClass);

        // The next run embeds only the products of the failed batch, in one request.
        var second = await activity.RunAsync(new NightlyRunInput(tenant, "20261202"), ct);

        Assert.Equal(4, emulator.State.Requests.Count(r => r.Kind == RequestKind.Embeddings));
        Assert.Equal((first.Failed, 0), (second.Reembedded, second.Failed));
        Assert.All(await EmbeddingsAsync(tables, tenant, ct), row => Assert.Equal(16, row.Dimensions));
    }

    [Fact]
    public async Task A_following_run_reads_only_the_content_blobs_that_changed_since_their_vectors_were_made()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken: ct);
        await LedgerStorage.CreateAsync(azurite);
        var deployment = $"embedding-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string?>
        {
            [$"Ai:Deployments:{deployment}:Tier"] = "standard",
            [$"Ai:Deployments:{deployment}:Dimensions"] = "16",
        };
        EmulatorAiServices.AddDeployment(settings, deployment, "text-embedding-3-small", AiTask.Embedding);
        await using var services = EmulatorAiServices.Build(azurite, emulator, settings);
        var tenant = LedgerStorage.NewTenant("nightly-reads");
        await SeedAsync(services, tenant, ct);
        var reads = new ContentReads();
        var clientOptions = new Azure.Storage.Blobs.BlobClientOptions();
        clientOptions.AddPolicy(reads, Azure.Core.HttpPipelinePosition.PerCall);
        var countedBlobs = new ProductBlobs(new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString, clientOptions));
        var activity = ActivatorUtilities.CreateInstance<RefreshEmbeddingsActivity>(services,
            Options.Create(new NightlyOptions { EmbedBatchSize = BatchSize }), countedBlobs);
        var blobs = services.GetRequiredService<ProductBlobs>();

        async Task<(int Reads, int Reembedded)> RunAsync(string day)
        {
            reads.Reset();
            var result = await activity.RunAsync(new NightlyRunInput(tenant, day), ct);
            return (reads.Count, result.Reembedded);
        }

        Assert.Equal((Products, Products), await RunAsync("20261201")); // the pipeline's rows know no blob ETag yet
        Assert.Equal((0, 0), await RunAsync("20261202"));

        await blobs.WriteAsync(ProductBlobs.ContentPath(tenant, "job-0"), Content(0, "A new description."), "application/json", ct);
        await blobs.WriteAsync(ProductBlobs.ContentPath(tenant, "job-1"), Content(1), "application/json", ct); // same text, new ETag
        Assert.Equal((2, 1), await RunAsync("20261203"));
        Assert.Equal((0, 0), await RunAsync("20261204"));
    }

    private static BinaryData Content(int i, string? description = null) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(
        new GeneratedProductContent
        {
            Title = $"Sourdough guide {i}",
            Subtitle = "For home bakers",
            Description = description ?? $"Guide number {i} to bread at home.",
            Features = ["recipes"],
            Outline = [new OutlineSection { Heading = "Starter", Summary = "Keeping a starter." }],
            SeoKeywords = ["sourdough"],
            PriceHint = new PriceHint { Amount = 12, Currency = "EUR" },
            ImagePrompt = "A loaf",
        }, CatalogJson.Options));

    /// <summary>Counts the GETs of product content blobs that go through the client it is added to.</summary>
    private sealed class ContentReads : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Volatile.Write(ref _count, 0);

        public override void OnSendingRequest(Azure.Core.HttpMessage message)
        {
            if (message.Request.Method == Azure.Core.RequestMethod.Get && message.Request.Uri.Path.EndsWith("/content.json", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }

    private static async Task SeedAsync(ServiceProvider services, string tenant, CancellationToken ct)
    {
        var tables = services.GetRequiredService<CatalogTables>();
        var blobs = services.GetRequiredService<ProductBlobs>();
        for (var i = 0; i < Products; i++)
        {
            var productId = $"job-{i}";
            var path = ProductBlobs.ContentPath(tenant, productId);
            await blobs.WriteAsync(path, Content(i), "application/json", ct);
            await tables.Products.UpsertEntityAsync(new ProductEntity
            {
                PartitionKey = tenant, RowKey = productId, JobId = "job", ItemIndex = i, JobKind = JobKind.Generate,
                Title = $"Sourdough guide {i}", Summary = "For home bakers", ContentBlob = path, CreatedAt = DateTimeOffset.UtcNow,
            }, cancellationToken: ct);
            // An old vector of another length, made from other text: what a failed re-embedding must leave in place.
            await tables.Embeddings.UpsertEntityAsync(new EmbeddingEntity
            {
                PartitionKey = tenant, RowKey = productId, Model = "text-embedding-3-small", Deployment = "old", Dimensions = 4,
                ContentHash = StaleHash, Vector = EmbeddingEntity.Pack([1f, 0f, 0f, 0f]),
            }, cancellationToken: ct);
        }
    }

    private static async Task<List<EmbeddingEntity>> EmbeddingsAsync(CatalogTables tables, string tenant, CancellationToken ct)
    {
        var rows = new List<EmbeddingEntity>();
        await foreach (var row in tables.Embeddings.QueryAsync<EmbeddingEntity>(e => e.PartitionKey == tenant, cancellationToken: ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<List<UsageEntity>> LedgerAsync(CatalogTables tables, string tenant, CancellationToken ct)
    {
        var partition = $"{tenant}|{DateTimeOffset.UtcNow:yyyyMMdd}";
        var rows = new List<UsageEntity>();
        await foreach (var row in tables.Usage.QueryAsync<UsageEntity>(e => e.PartitionKey == partition, cancellationToken: ct))
        {
            rows.Add(row);
        }

        return rows;
    }
}
