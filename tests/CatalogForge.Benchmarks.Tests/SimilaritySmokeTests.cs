using CatalogForge.Benchmarks.Similarity;

namespace CatalogForge.Benchmarks.Tests;

/// <summary>The similarity benchmark at smoke size without the NumPy reference (tests never need NumPy): the JSON has the issue's shape.</summary>
public sealed class SimilaritySmokeTests
{
    [Fact]
    public async Task Similarity_smoke_run_prints_the_issue_fields_per_size()
    {
        var result = await SimilarityBenchmark.RunAsync(new SimilarityBenchmarkOptions([40, 130], Dimensions: 24, Python: null),
            TestContext.Current.CancellationToken);

        var json = await JsonShape.RoundTripAsync("similarity", result);
        JsonShape.HasExactly(json, "dim", "k", "cores", "vector_bits", "load_average_before", "load_average_after", "runs");
        var runs = json["runs"]!.AsArray();
        Assert.Equal([40, 130], runs.Select(r => r!["n"]!.GetValue<int>()));
        Assert.All(runs, run =>
        {
            JsonShape.HasExactly(run!.AsObject(), "n", "dim", "seconds", "gflops", "peak_mb", "peak_gc_heap_mb", "input_mb",
                "numpy_seconds", "numpy_blas", "ratio_to_numpy", "topk_agree");
            Assert.Equal(24, run["dim"]!.GetValue<int>());
            Assert.True(run["seconds"]!.GetValue<double>() >= 0);
            Assert.True(run["peak_mb"]!.GetValue<double>() > 0);
            Assert.Null(run["ratio_to_numpy"]);
            Assert.Null(run["topk_agree"]);
        });
    }

    [Fact]
    public void Similarity_needs_no_storage_and_parses_sizes_dimensions_and_python()
    {
        var args = BenchmarkArgs.Parse(["similarity", "--sizes", "100, 200", "--dim", "64", "--python", "none"]);

        Assert.Equal([100, 200], args.Sizes);
        Assert.Equal(64, args.Dimensions);
        Assert.Equal("none", args.Python);
        Assert.Throws<ArgumentException>(() => BenchmarkArgs.Parse(["similarity", "--sizes", "100,0"]));
    }
}
