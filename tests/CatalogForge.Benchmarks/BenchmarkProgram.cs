using System.Text.Json.Nodes;
using CatalogForge.Benchmarks.Crash;
using CatalogForge.Benchmarks.Engine;
using CatalogForge.Benchmarks.Nightly;
using CatalogForge.Benchmarks.Pipeline;
using CatalogForge.Benchmarks.ScaleOut;
using CatalogForge.Benchmarks.Similarity;

namespace CatalogForge.Benchmarks;

public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        BenchmarkArgs parsed;
        try
        {
            parsed = BenchmarkArgs.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"{ex.Message}\n{BenchmarkArgs.Usage}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var result = await RunAsync(parsed, cancel.Token);
        await BenchmarkOutput.WriteAsync(parsed.Mode, result, parsed.OutputDirectory, Console.Out);
        return 0;
    }

    public static Task<JsonObject> RunAsync(BenchmarkArgs args, CancellationToken cancellationToken) => args.Mode switch
    {
        "pipeline" => PipelineBenchmark.RunAsync(args.StorageConnectionString,
            new PipelineBenchmarkOptions(args.Items ?? 200, Profile(args.Profile, LatencyProfile.Realistic), args.Strategies, args.Settings),
            cancellationToken),
        "engine" => EngineBenchmark.RunAsync(args.StorageConnectionString,
            new EngineBenchmarkOptions(args.Items ?? 1000, args.LargeItems ?? 10_000, args.Settings, args.Workers), cancellationToken),
        "crash" => CrashBenchmark.RunAsync(args.StorageConnectionString,
            new CrashBenchmarkOptions(args.Items ?? 200, Profile(args.Profile, LatencyProfile.Crash), ServerDll: args.ServerDll,
                LogDirectory: Path.Combine(args.OutputDirectory, "logs")),
            cancellationToken),
        "scaleout" => ScaleOutBenchmark.RunAsync(args.StorageConnectionString,
            new ScaleOutBenchmarkOptions(args.Items ?? 40, Profile(args.Profile, LatencyProfile.Crash), ServerDll: args.ServerDll,
                LogDirectory: Path.Combine(args.OutputDirectory, "logs")),
            cancellationToken),
        "similarity" => SimilarityBenchmark.RunAsync(
            new SimilarityBenchmarkOptions(args.Sizes ?? [2_000, 10_000, 20_000], args.Dimensions ?? 1536,
                Python: args.Python is "none" ? null : args.Python ?? "python3"),
            cancellationToken),
        "nightly" => NightlyBenchmark.RunAsync(args.StorageConnectionString,
            new NightlyBenchmarkOptions(args.Products ?? 10_000, args.Dimensions ?? 1536, args.Settings), cancellationToken),
        _ => throw new ArgumentException($"Unknown mode '{args.Mode}'."),
    };

    private static LatencyProfile Profile(string? name, LatencyProfile fallback) => name switch
    {
        null => fallback,
        "realistic" => LatencyProfile.Realistic,
        "crash" => LatencyProfile.Crash,
        "smoke" => LatencyProfile.Smoke,
        "zero" => LatencyProfile.Zero,
        _ => throw new ArgumentException($"Unknown profile '{name}' (realistic, crash, smoke, zero)."),
    };
}
