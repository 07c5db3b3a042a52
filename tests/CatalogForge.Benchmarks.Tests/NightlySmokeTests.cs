using CatalogForge.Benchmarks.Nightly;
using CatalogForge.Testing;

namespace CatalogForge.Benchmarks.Tests;

/// <summary>The nightly benchmark at smoke size: the run completes (it throws otherwise), re-embeds exactly its stale products and the JSON has the fields docs/benchmarks.md reports.</summary>
public sealed class NightlySmokeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Nightly_smoke_run_completes_re_embeds_the_stale_products_and_prints_its_fields()
    {
        var result = await NightlyBenchmark.RunAsync(azurite.ConnectionString, new NightlyBenchmarkOptions(Products: 300, Dimensions: 32),
            TestContext.Current.CancellationToken);

        var json = await JsonShape.RoundTripAsync("nightly", result);
        JsonShape.HasExactly(json, "products", "dim", "seconds", "peak_mb", "peak_gc_heap_mb", "step_seconds", "seed_seconds", "stale", "reembedded",
            "embed_failures", "embedding_requests", "chat_requests", "near_duplicate_pairs", "clusters", "cores",
            "load_average_before", "load_average_after", "following_night");
        Assert.Equal(300, json["products"]!.GetValue<int>());
        Assert.Equal(3, json["reembedded"]!.GetValue<int>());
        Assert.Equal(0, json["embed_failures"]!.GetValue<int>());
        Assert.Equal(1, json["embedding_requests"]!.GetValue<int>()); // the 3 stale products in one batch
        Assert.Equal(3, json["chat_requests"]!.GetValue<int>()); // the brand profile's three probes
        Assert.True(json["near_duplicate_pairs"]!.GetValue<int>() >= 3); // every 100th product is a near-copy of the one before
        Assert.True(json["seconds"]!.GetValue<double>() > 0);
        Assert.Equal(["start", "embed", "perception", "compute", "alerts", "publish"], json["step_seconds"]!.AsObject().Select(step => step.Key));
        var following = json["following_night"]!.AsObject();
        Assert.Equal((0, 0), (following["reembedded"]!.GetValue<int>(), following["embedding_requests"]!.GetValue<int>()));
        Assert.Equal(3, following["chat_requests"]!.GetValue<int>()); // a new day's probes are asked again
        Assert.True(following["seconds"]!.GetValue<double>() > 0);
        Assert.True(json["peak_mb"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void Nightly_parses_the_product_count()
    {
        Assert.Equal(500, BenchmarkArgs.Parse(["nightly", "--products", "500", "--storage", "UseDevelopmentStorage=true"]).Products);
        Assert.Throws<ArgumentException>(() => BenchmarkArgs.Parse(["nightly", "--products", "0", "--storage", "UseDevelopmentStorage=true"]));
    }
}
