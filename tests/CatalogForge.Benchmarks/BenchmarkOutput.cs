using System.Text.Json;
using System.Text.Json.Nodes;

namespace CatalogForge.Benchmarks;

/// <summary>The one JSON line a mode ends with: printed to stdout and written to <c>{directory}/{mode}.json</c>.</summary>
public static class BenchmarkOutput
{
    private static readonly JsonSerializerOptions LineOptions = new() { WriteIndented = false };

    public static async Task<string> WriteAsync(string mode, JsonObject result, string directory, TextWriter stdout)
    {
        var line = result.ToJsonString(LineOptions);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, $"{mode}.json"), line + "\n");
        await stdout.WriteLineAsync(line);
        await stdout.FlushAsync();
        return line;
    }

    /// <summary>Seconds and rates with three decimals: enough for the figures, stable in diffs.</summary>
    public static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);
}
