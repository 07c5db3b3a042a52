using System.Text.Json.Nodes;

namespace CatalogForge.Benchmarks.Tests;

internal static class JsonShape
{
    /// <summary>The result goes through the real output path (file + stdout line) and is parsed back.</summary>
    public static async Task<JsonObject> RoundTripAsync(string mode, JsonObject result)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"cf-bench-{Guid.NewGuid():N}");
        try
        {
            using var stdout = new StringWriter();
            var line = await BenchmarkOutput.WriteAsync(mode, result, directory, stdout);
            Assert.Equal(line + Environment.NewLine, stdout.ToString());
            Assert.DoesNotContain('\n', line);
            var written = await File.ReadAllTextAsync(Path.Combine(directory, $"{mode}.json"), TestContext.Current.CancellationToken);
            Assert.Equal(line + "\n", written);
            return JsonNode.Parse(line)!.AsObject();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static void HasExactly(JsonObject json, params string[] names) =>
        Assert.Equal(names.Order(StringComparer.Ordinal), json.Select(pair => pair.Key).Order(StringComparer.Ordinal));
}
