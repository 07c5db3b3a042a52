using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>Job limits and chunking settings of 0, below 0 or absurdly large stop the Server at start, naming the setting.</summary>
public sealed class JobLimitsSettingsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Jobs:ChunkSize", "0")]
    [InlineData("Jobs:ChunkSize", "-5")]
    [InlineData("Jobs:ChunkSize", "100000")]
    [InlineData("Jobs:ItemWindowPerChunk", "0")]
    [InlineData("Jobs:ItemWindowPerChunk", "1000000")]
    [InlineData("Jobs:ChunkWindow", "0")]
    [InlineData("Jobs:ChunkWindow", "-1")]
    [InlineData("Jobs:MaxItemsPerJob", "0")]
    [InlineData("Jobs:MaxItemsPerJob", "2000000000")]
    [InlineData("Jobs:MaxActiveJobsPerTenant", "0")]
    [InlineData("Jobs:MaxQueuedItemsPerTenant", "-1")]
    [InlineData("Jobs:CapRetryAfter", "00:00:00")]
    [InlineData("Jobs:MaxQueuedItemsPerTenant", "10")] // below Jobs:MaxItemsPerJob (20 in these tests)
    [InlineData("Jobs:MaxFieldLength", "-1")]
    [InlineData("Jobs:MaxListItems", "0")]
    public async Task Out_of_range_job_limits_stop_the_host_at_start_naming_the_setting(string key, string value)
    {
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { [key] = value },
            configureTestServices: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains(key, FailedStart.ValidationOf(env, logs).Message, StringComparison.Ordinal);
    }
}
