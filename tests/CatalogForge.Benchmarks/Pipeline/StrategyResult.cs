using System.Text.Json.Nodes;

namespace CatalogForge.Benchmarks.Pipeline;

/// <summary>One strategy's run over the N items.</summary>
public sealed record StrategyResult(string Name, int Items, double WallSeconds, int Failed, EmulatorTally Tally)
{
    public double ItemsPerSecond => WallSeconds <= 0 ? 0 : (Items - Failed) / WallSeconds;

    public JsonObject ToJson() => new()
    {
        ["wall_s"] = BenchmarkOutput.Round(WallSeconds),
        ["items_per_s"] = BenchmarkOutput.Round(ItemsPerSecond),
        ["http_429"] = Tally.Http429,
        ["retries"] = Tally.Retries,
        ["failed"] = Failed,
    };

    public override string ToString() =>
        $"{Name}: {WallSeconds:F1} s, {ItemsPerSecond:F2} items/s, {Tally.Requests} requests, {Tally.Http429} × 429, " +
        $"{Tally.Retries} retries, {Failed} failed; requests by deployment: " +
        string.Join(", ", Tally.RequestsByDeployment.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}={pair.Value}"));
}
