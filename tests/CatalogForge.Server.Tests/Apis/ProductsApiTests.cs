using System.Net;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

public sealed class ProductsApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Unknown_product_and_its_image_are_404_problems()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("unknown-product");

        using var product = await client.GetAsync("/api/products/no-such-product", ct);
        using var image = await client.GetAsync("/api/products/no-such-product/image", ct);

        await Problem.ReadAsync(product, HttpStatusCode.NotFound, ct);
        await Problem.ReadAsync(image, HttpStatusCode.NotFound, ct);
    }

    [Fact]
    public async Task Product_generated_without_images_has_no_image()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("no-image");
        var accepted = await client.SubmitJobAsync(Payloads.Generate(1, Guid.NewGuid().ToString("N"), images: false), ct);
        await client.WaitForJobAsync(accepted.JobId, ct);
        var item = Assert.Single(await client.GetAllItemsAsync(accepted.JobId, ct));

        var product = await client.GetProductAsync(item.ProductId!, ct);
        using var image = await client.GetAsync($"/api/products/{item.ProductId}/image", ct);

        Assert.False(product.HasImage);
        await Problem.ReadAsync(image, HttpStatusCode.NotFound, ct);
    }
}
