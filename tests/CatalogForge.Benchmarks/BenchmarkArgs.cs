using System.Globalization;

namespace CatalogForge.Benchmarks;

/// <summary>Command line: <c>MODE [--n N] [--n-large N] [--profile NAME] [--strategies a,b] [--set Key=Value]… [--storage CS] [--out DIR] [--server-dll PATH] [--workers N]</c>.</summary>
public sealed record BenchmarkArgs(
    string Mode,
    int? Items,
    int? LargeItems,
    string? Profile,
    IReadOnlyList<string>? Strategies,
    IReadOnlyDictionary<string, string?> Settings,
    string StorageConnectionString,
    string OutputDirectory,
    string? ServerDll,
    int Workers = 1,
    IReadOnlyList<int>? Sizes = null,
    int? Dimensions = null,
    string? Python = null,
    int? Products = null)
{
    public const string Usage = """
        usage: CatalogForge.Benchmarks pipeline|engine|crash|scaleout|similarity|nightly [options]
          --n N              items (pipeline: 200; engine: the small job, 1000; crash: 200; scaleout: 40)
          --n-large N        engine: the large job (10000)
          --workers N        engine: worker hosts sharing the task hub, all in this process (1)
          --profile NAME     latency profile: realistic (pipeline default), crash (crash, scaleout default), smoke, zero
          --strategies LIST  pipeline: comma-separated subset of sequential,pool5,engine (default all three)
          --set KEY=VALUE    extra Core configuration, e.g. --set DurableTask:MaxConcurrentActivities=64 (repeatable)
          --storage CS       storage connection string (default: $AZURITE_CONNECTION_STRING)
          --out DIR          where <mode>.json is written (default artifacts/bench)
          --server-dll PATH  crash, scaleout: the built CatalogForge.Server.dll (default: this build configuration's)
          --sizes LIST       similarity: comma-separated vector counts (2000,10000,20000)
          --dim N            similarity: dimensions (1536)
          --python PATH      similarity: the Python with NumPy for the reference (python3), or none to skip it
          --products N       nightly: products in the tenant's catalog (10000); --dim sets their vectors' length (1536)
        """;

    public static BenchmarkArgs Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("pipeline" or "engine" or "crash" or "scaleout" or "similarity" or "nightly"))
        {
            throw new ArgumentException("The first argument must be the mode: pipeline, engine, crash, scaleout, similarity or nightly.");
        }

        int? items = null, large = null, dimensions = null, products = null;
        IReadOnlyList<int>? sizes = null;
        string? python = null;
        var workers = 1;
        string? profile = null, serverDll = null, storage = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING");
        string output = Path.Combine("artifacts", "bench");
        IReadOnlyList<string>? strategies = null;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--n": items = Positive(args[i], value); break;
                case "--n-large": large = Positive(args[i], value); break;
                case "--workers": workers = Positive(args[i], value); break;
                case "--profile": profile = value; break;
                case "--strategies": strategies = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--storage": storage = value; break;
                case "--out": output = value; break;
                case "--server-dll": serverDll = value; break;
                case "--sizes": sizes = value.Split(',', StringSplitOptions.TrimEntries).Select(size => Positive(args[i], size)).ToList(); break;
                case "--dim": dimensions = Positive(args[i], value); break;
                case "--python": python = value; break;
                case "--products": products = Positive(args[i], value); break;
                case "--set":
                    var equals = value.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new ArgumentException($"--set needs KEY=VALUE, not '{value}'.");
                    }

                    settings[value[..equals]] = value[(equals + 1)..];
                    break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }

            i++;
        }

        if (profile is not null && profile is not ("realistic" or "crash" or "smoke" or "zero"))
        {
            throw new ArgumentException($"Unknown profile '{profile}' (realistic, crash, smoke, zero).");
        }

        if (string.IsNullOrWhiteSpace(storage) && args[0] != "similarity")
        {
            throw new ArgumentException("No storage: pass --storage or set AZURITE_CONNECTION_STRING (scripts/bench.sh does).");
        }

        return new BenchmarkArgs(args[0], items, large, profile, strategies, settings, storage ?? "", output, serverDll, workers, sizes, dimensions, python, products);
    }

    private static int Positive(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{option} needs a positive whole number, not '{value}'.");
}
