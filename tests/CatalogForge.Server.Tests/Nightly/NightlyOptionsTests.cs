using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Server.Tests.Nightly;

/// <summary>Out-of-range <c>Nightly:*</c> settings stop the Server at start, naming the setting.</summary>
public sealed class NightlyOptionsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Nightly:NearDuplicateThreshold", "1.5", "NearDuplicateThreshold")]
    [InlineData("Nightly:NearDuplicateThreshold", "-0.1", "NearDuplicateThreshold")]
    [InlineData("Nightly:SimilarTopK", "0", "SimilarTopK")]
    [InlineData("Nightly:KeepDays", "0", "KeepDays")]
    [InlineData("Nightly:Alerts:RiskAtOrAbove", "101", "Nightly:Alerts:RiskAtOrAbove")]
    [InlineData("Nightly:Alerts:CentroidDrift", "3", "Nightly:Alerts:CentroidDrift")]
    [InlineData("Nightly:MaxConcurrentTenants", "0", "MaxConcurrentTenants")]
    [InlineData("Nightly:Schedule", "every night at two", "Nightly:Schedule")]
    [InlineData("Nightly:Schedule", "0 2 * * *", "Nightly:Schedule")]
    public async Task Invalid_nightly_settings_stop_the_host_at_start(string key, string value, string expected)
    {
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { [key] = value },
            configureTestServices: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains(expected, FailedStart.ValidationOf(env, logs).Message, StringComparison.Ordinal);
    }
}
