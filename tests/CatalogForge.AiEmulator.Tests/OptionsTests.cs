using CatalogForge.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CatalogForge.AiEmulator.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Deployment_sections_are_layered_over_the_defaults()
    {
        var configuration = Configure(new Dictionary<string, string?>
        {
            ["Emulator:RequireApiKey"] = "true",
            ["Emulator:Defaults:BaseLatencyMs"] = "15",
            ["Emulator:Defaults:ContentFilterTriggers:0"] = "bomb",
            ["Emulator:Deployments:gpt:TokensPerMinute"] = "30000",
            ["Emulator:Deployments:gpt:ContentFilterTriggers:0"] = "weapon",
            ["Emulator:Deployments:emb:PerOutputTokenMs"] = "2",
        });

        var options = EmulatorOptionsBinder.Bind(configuration.GetSection(EmulatorOptions.SectionName));

        Assert.True(options.RequireApiKey);
        Assert.Equal(15, options.Defaults.BaseLatencyMs);
        Assert.Equal(15, options.Deployments["gpt"].BaseLatencyMs);
        Assert.Equal(30_000, options.Deployments["gpt"].TokensPerMinute);
        Assert.Equal(["weapon"], options.Deployments["gpt"].ContentFilterTriggers);
        Assert.Equal(["bomb"], options.Deployments["emb"].ContentFilterTriggers);
        Assert.Equal(2, options.Deployments["emb"].PerOutputTokenMs);
        Assert.Equal(0, options.Defaults.TokensPerMinute);
    }

    [Theory]
    [InlineData("Emulator:Defaults:TokensPerMinit", "TokensPerMinit")]
    [InlineData("Emulator:RequireApiKeys", "RequireApiKeys")]
    public void Misspelt_settings_fail_loudly(string key, string mentioned)
    {
        var configuration = Configure(new Dictionary<string, string?> { [key] = "1" });

        var error = Assert.ThrowsAny<InvalidOperationException>(() => EmulatorOptionsBinder.Bind(configuration.GetSection(EmulatorOptions.SectionName)));

        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_values_are_reported_together_at_start()
    {
        var options = new EmulatorOptions
        {
            Defaults = new DeploymentSettings { TruncateRate = 1.5 },
            Deployments = { ["gpt"] = new DeploymentSettings { BaseLatencyMs = -1, ServerErrorRate = double.NaN } },
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => EmulatorHost.StartAsync(options, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("Emulator:Defaults:TruncateRate must be a probability between 0 and 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Emulator:Deployments:gpt:BaseLatencyMs must be a finite number of at least 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Emulator:Deployments:gpt:ServerErrorRate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_appsettings_bind_and_validate()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot.Path, "src", "CatalogForge.AiEmulator", "appsettings.json"))
            .Build();

        var options = EmulatorOptionsBinder.Bind(configuration.GetSection(EmulatorOptions.SectionName));

        Assert.Empty(EmulatorOptionsValidator.Validate(options));
        Assert.False(options.RequireApiKey);
        Assert.Equal(0, options.Defaults.BaseLatencyMs);
        Assert.Equal(0, options.Defaults.ServerErrorRate);
    }

    [Fact]
    public void Configured_settings_are_copied_so_later_changes_do_not_leak_in()
    {
        var settings = new DeploymentSettings { TokensPerMinute = 5 };
        var state = new EmulatorState(new EmulatorOptions());

        state.Configure("gpt", settings);
        settings.TokensPerMinute = 999;

        Assert.Equal(5, state.GetSettings("gpt").TokensPerMinute);
        Assert.Throws<ArgumentException>(() => state.Configure("gpt", new DeploymentSettings { HangRate = -0.1 }));
    }

    private static IConfiguration Configure(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
