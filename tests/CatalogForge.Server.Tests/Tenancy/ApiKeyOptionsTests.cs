using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Server.Tests.Tenancy;

public sealed class ApiKeyOptionsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Auth:ApiKeys:CacheDuration", "00:10:00", "CacheDuration")]
    [InlineData("Auth:ApiKeys:UnknownKeyCacheDuration", "-00:00:01", "UnknownKeyCacheDuration")]
    [InlineData("Auth:ApiKeys:CacheSize", "5", "CacheSize")]
    [InlineData("Auth:ApiKeys:LastUsedInterval", "00:00:00", "LastUsedInterval")]
    [InlineData("Auth:ApiKeys:FailedAttemptLimit", "0", "FailedAttemptLimit")]
    [InlineData("Auth:ApiKeys:FailedAttemptWindow", "1.00:00:00", "FailedAttemptWindow")]
    [InlineData("Api:ApiKeyCacheDuration", "00:01:00", "Auth:ApiKeys:CacheDuration")]
    public async Task Bad_key_settings_stop_the_Server_at_start_naming_the_setting(string key, string value, string expected)
    {
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { [key] = value },
            configureTestServices: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains(expected, FailedStart.ValidationOf(env, logs).Message, StringComparison.Ordinal);
    }
}
