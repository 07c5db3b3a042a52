namespace CatalogForge.Benchmarks.Tests;

public sealed class BenchmarkArgsTests
{
    [Fact]
    public void Parses_mode_sizes_strategies_and_settings()
    {
        var args = BenchmarkArgs.Parse(["pipeline", "--n", "40", "--strategies", "pool5, engine", "--set", "DurableTask:MaxConcurrentActivities=64",
            "--storage", "UseDevelopmentStorage=true", "--out", "out"]);

        Assert.Equal("pipeline", args.Mode);
        Assert.Equal(40, args.Items);
        Assert.Equal(["pool5", "engine"], args.Strategies);
        Assert.Equal("64", args.Settings["DurableTask:MaxConcurrentActivities"]);
        Assert.Equal("out", args.OutputDirectory);
        Assert.Equal(1, args.Workers);
        Assert.Equal(2, BenchmarkArgs.Parse(["engine", "--workers", "2", "--storage", "UseDevelopmentStorage=true"]).Workers);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("pipeline", "--n", "0")]
    [InlineData("pipeline", "--n")]
    [InlineData("engine", "--workers", "0")]
    [InlineData("engine", "--profile", "turbo")]
    [InlineData("crash", "--set", "NoEquals")]
    [InlineData("crash", "--what", "x")]
    public void Rejects_bad_command_lines(params string[] args) =>
        Assert.Throws<ArgumentException>(() => BenchmarkArgs.Parse([.. args, "--storage", "UseDevelopmentStorage=true"]));
}
