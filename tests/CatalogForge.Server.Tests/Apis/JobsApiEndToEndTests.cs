using System.Net;
using System.Net.Http.Json;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>Whole jobs through HTTP, against real Azurite and the AI emulator, checked against what is stored.</summary>
public sealed class JobsApiEndToEndTests(AzuriteFixture azurite)
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Generate_job_stores_a_product_with_embedding_and_image_for_every_brief()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("generate");
        const int count = 6;

        var accepted = await client.SubmitJobAsync(Payloads.Generate(count, salt: Guid.NewGuid().ToString("N")), ct);
        var job = await client.WaitForJobAsync(accepted.JobId, ct);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(JobKind.Generate, job.Kind);
        Assert.Equal(new JobCounts(count, 0, count, 0, 0), job.Counts);
        Assert.Equal(100, job.ProgressPercent);
        Assert.NotNull(job.CompletedAt);
        Assert.Empty(job.Errors);

        var items = await client.GetAllItemsAsync(accepted.JobId, ct);
        Assert.Equal(Enumerable.Range(0, count), items.Select(item => item.Index));
        Assert.All(items, item =>
        {
            Assert.Equal(ItemStatus.Succeeded, item.Status);
            Assert.False(string.IsNullOrWhiteSpace(item.ProductId));
            Assert.Null(item.ErrorClass);
        });
        var productIds = items.Select(item => item.ProductId!).ToList();
        Assert.Equal(count, productIds.Distinct().Count());
        var configuredDimensions = env.Server.Services.GetRequiredService<IOptions<AiOptions>>().Value
            .Deployments.Values.Single(deployment => deployment.Task == AiTask.Embedding).Dimensions;

        var productRows = (await env.Storage.PartitionAsync(StorageNames.Tables.Products, tenant.TenantId, ct)).ToDictionary(row => row.RowKey);
        var embeddingRows = (await env.Storage.PartitionAsync(StorageNames.Tables.Embeddings, tenant.TenantId, ct)).ToDictionary(row => row.RowKey);
        Assert.Equal(productIds.Order(), productRows.Keys.Order());
        Assert.Equal(productIds.Order(), embeddingRows.Keys.Order());

        foreach (var item in items)
        {
            var product = await client.GetProductAsync(item.ProductId!, ct);
            Assert.Equal(item.ProductId, product.ProductId);
            Assert.Equal(accepted.JobId, product.JobId);
            Assert.Equal(item.Index, product.ItemIndex);
            Assert.Equal(JobKind.Generate, product.Kind);
            Assert.False(string.IsNullOrWhiteSpace(product.Title));
            Assert.False(string.IsNullOrWhiteSpace(product.Summary));
            Assert.Equal(System.Text.Json.JsonValueKind.Object, product.Content.ValueKind);
            Assert.True(product.Content.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString()),
                $"content has no title: {product.Content}");
            Assert.True(product.Content.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString()),
                $"content has no description: {product.Content}");
            Assert.True(product.HasImage);
            Assert.Equal(configuredDimensions, product.EmbeddingDimensions);

            using var image = await client.GetAsync($"/api/products/{item.ProductId}/image", ct);
            await ApiCalls.EnsureStatusAsync(image, HttpStatusCode.OK, ct);
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
            var png = await image.Content.ReadAsByteArrayAsync(ct);
            Assert.True(png.Length > PngMagic.Length && png.AsSpan(0, PngMagic.Length).SequenceEqual(PngMagic), "GET image is not a PNG");

            var embedding = embeddingRows[item.ProductId!];
            var dimensions = embedding.GetInt32("Dimensions");
            Assert.Equal(configuredDimensions, dimensions);
            Assert.Equal(dimensions * sizeof(float), embedding.GetBinary("Vector")?.Length);

            var blob = await env.Storage.ReadBlobAsync(StorageNames.Containers.Products, $"{tenant.TenantId}/{item.ProductId}/image.png", ct);
            Assert.NotNull(blob);
            Assert.Equal(png, blob);
        }
    }

    [Fact]
    public async Task Enrich_job_completes_and_lists_items_in_input_order()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("enrich");
        var salt = Guid.NewGuid().ToString("N")[..8];
        (string Sku, string Name, string Description, string Category)[] rows =
        [
            ($"A-1-{salt}", "Trail running shoe", "Lightweight shoe with a grippy sole.", "Shoes"),
            ($"B-2-{salt}", "Cast iron skillet 28 cm", "Pre-seasoned skillet for oven and stove.", "Kitchen"),
            ($"C-3-{salt}", "Noise cancelling headphones", "Over-ear, 30 h battery.", "Audio"),
            ($"D-4-{salt}", "Bamboo cutting board", "", "Kitchen"),
            ($"E-5-{salt}", "Wool hiking socks", "Merino blend, cushioned heel.", "Outdoor"),
        ];

        var accepted = await client.SubmitJobAsync(Payloads.Enrich(rows), ct);
        var job = await client.WaitForJobAsync(accepted.JobId, ct);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(JobKind.Enrich, job.Kind);
        Assert.Equal(new JobCounts(rows.Length, 0, rows.Length, 0, 0), job.Counts);

        // Small pages, so the order must also hold across continuation tokens.
        var items = await client.GetAllItemsAsync(accepted.JobId, ct, pageSize: 2);
        Assert.Equal(Enumerable.Range(0, rows.Length), items.Select(item => item.Index));
        foreach (var item in items)
        {
            Assert.Equal(ItemStatus.Succeeded, item.Status);
            var product = await client.GetProductAsync(item.ProductId!, ct);
            Assert.Equal(JobKind.Enrich, product.Kind);
            Assert.Equal(item.Index, product.ItemIndex);
            Assert.Equal(accepted.JobId, product.JobId);
            Assert.True(product.Content.TryGetProperty("description", out var description) && !string.IsNullOrWhiteSpace(description.GetString()),
                $"content has no description: {product.Content}");
        }

        var stored = await env.Storage.PartitionAsync(StorageNames.Tables.Products, tenant.TenantId, ct);
        Assert.Equal(rows.Length, stored.Count);
    }

    [Fact]
    public async Task Resubmitting_with_the_same_idempotency_key_returns_200_with_the_same_job()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("idempotent");
        var body = Payloads.Generate(1, salt: Guid.NewGuid().ToString("N"), images: false, idempotencyKey: "order-42");

        var first = await client.SubmitJobAsync(body, ct);
        using var again = await client.PostJobAsync(body, ct);

        await ApiCalls.EnsureStatusAsync(again, HttpStatusCode.OK, ct);
        var second = await again.Content.ReadFromJsonAsync<JobAccepted>(ApiCalls.Json, ct);
        Assert.Equal(first.JobId, second!.JobId);
        Assert.Equal(first.StatusUrl, second.StatusUrl);
        Assert.Single(await env.Storage.JobsAsync(tenant.TenantId, ct));
        await client.WaitForJobAsync(first.JobId, ct);
    }
}
