using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using CatalogForge.Benchmarks.Engine;
using CatalogForge.Core.Intelligence.Similarity;

namespace CatalogForge.Benchmarks.Similarity;

/// <param name="Sizes">Vector counts, run in this order (ascending keeps each run's peak its own).</param>
/// <param name="Python">The Python with NumPy for the reference, or null to skip it (its fields are then null).</param>
public sealed record SimilarityBenchmarkOptions(IReadOnlyList<int> Sizes, int Dimensions = 1536, int TopK = 10, string? Python = "python3");

/// <summary>
/// Exact top-k cosine similarity over all pairs of n random vectors (<see cref="AllPairsSimilarity"/>), timed from the
/// raw vectors to every row's sorted top-k, next to the NumPy/OpenBLAS reference (<c>numpy_topk.py</c>) on the same
/// vectors: <c>ratio_to_numpy</c> = our seconds ÷ NumPy's, <c>topk_agree</c> = the share of rows whose top-k sets are equal.
/// </summary>
public static class SimilarityBenchmark
{
    public static async Task<JsonObject> RunAsync(SimilarityBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var loadBefore = LoadAverage();
        var runs = new JsonArray();
        foreach (var n in options.Sizes)
        {
            runs.Add(await RunOnceAsync(n, options, cancellationToken));
        }

        return new JsonObject
        {
            ["dim"] = options.Dimensions,
            ["k"] = options.TopK,
            ["cores"] = Environment.ProcessorCount,
            ["vector_bits"] = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 512 : 256,
            ["load_average_before"] = loadBefore,
            ["load_average_after"] = LoadAverage(),
            ["runs"] = runs,
        };
    }

    private static async Task<JsonObject> RunOnceAsync(int n, SimilarityBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var dim = options.Dimensions;
        var raw = RandomVectors(n, dim, seed: n);
        var rows = Enumerable.Range(0, n).Select(i => (ReadOnlyMemory<float>)raw.AsMemory(i * dim, dim)).ToList();

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        AllPairsResult result;
        double seconds;
        var sampler = new MemorySampler(TimeSpan.FromMilliseconds(20));
        try
        {
            var watch = Stopwatch.StartNew();
            var unit = UnitVectors.Normalize(rows, dim);
            result = AllPairsSimilarity.Compute(unit, options.TopK, 0.85f, 100_000, cancellationToken);
            seconds = watch.Elapsed.TotalSeconds;
        }
        finally
        {
            await sampler.DisposeAsync();
        }

        var (peakWorkingSet, peakGcHeap) = (sampler.PeakWorkingSetMb, sampler.PeakGcHeapMb);
        var reference = options.Python is { } python ? await NumPyReferenceAsync(python, raw, n, dim, options.TopK, cancellationToken) : null;
        var k = Math.Min(options.TopK, Math.Max(0, n - 1));
        var agree = reference is null
            ? (double?)null
            : n == 0 ? 1 : (double)Enumerable.Range(0, n).Count(i =>
                result.Neighbors[i].Select(x => x.Index).Order().SequenceEqual(reference.Value.TopK.AsSpan(i * k, k).ToArray().Order())) / n;
        Console.Error.WriteLine($"similarity n={n}: {seconds:F3} s, peak working set {peakWorkingSet:F0} MB"
            + (reference is { } r ? $"; numpy {r.Seconds:F3} s ({r.Blas}), top-k agree {agree:P3}" : "; no numpy reference"));

        return new JsonObject
        {
            ["n"] = n,
            ["dim"] = dim,
            ["seconds"] = BenchmarkOutput.Round(seconds),
            // The dense n × n product's flops over our time; we compute half of it (the matrix is symmetric).
            ["gflops"] = BenchmarkOutput.Round(2.0 * n * n * dim / seconds / 1e9),
            ["peak_mb"] = BenchmarkOutput.Round(peakWorkingSet),
            ["peak_gc_heap_mb"] = BenchmarkOutput.Round(peakGcHeap),
            ["input_mb"] = BenchmarkOutput.Round(4.0 * n * dim / (1024 * 1024)),
            ["numpy_seconds"] = reference is { } numpy ? BenchmarkOutput.Round(numpy.Seconds) : null,
            ["numpy_blas"] = reference?.Blas,
            ["ratio_to_numpy"] = reference is { } ratio ? BenchmarkOutput.Round(seconds / ratio.Seconds) : null,
            ["topk_agree"] = agree is { } share ? Math.Round(share, 5) : null,
        };
    }

    private static float[] RandomVectors(int n, int dim, int seed)
    {
        var random = new Random(seed);
        var values = new float[n * dim];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }

    private static async Task<(double Seconds, string Blas, int[] TopK)?> NumPyReferenceAsync(
        string python, float[] raw, int n, int dim, int k, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("cf-similarity-");
        try
        {
            var input = Path.Combine(folder.FullName, "vectors.f32");
            var output = Path.Combine(folder.FullName, "topk.i32");
            await File.WriteAllBytesAsync(input, MemoryMarshal.AsBytes(raw.AsSpan()).ToArray(), cancellationToken);
            var script = Path.Combine(AppContext.BaseDirectory, "Similarity", "numpy_topk.py");
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { script, input, Invariant(n), Invariant(dim), Invariant(k), output })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The NumPy reference failed ({process.ExitCode}): {await stderr}");
            }

            var line = JsonNode.Parse(await stdout)!.AsObject();
            var bytes = await File.ReadAllBytesAsync(output, cancellationToken);
            return (line["seconds"]!.GetValue<double>(), line["blas"]!.GetValue<string>(), MemoryMarshal.Cast<byte, int>(bytes).ToArray());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The 1, 5 and 15 minute load averages (Linux), to read the timings against; null elsewhere.</summary>
    internal static JsonArray? LoadAverage()
    {
        if (!File.Exists("/proc/loadavg"))
        {
            return null;
        }

        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return new JsonArray(parts.Take(3).Select(p => (JsonNode?)double.Parse(p, CultureInfo.InvariantCulture)).ToArray());
    }
}
