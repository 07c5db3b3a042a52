using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Server.Tests.Engine;

/// <summary>Hostile engine and sweep settings stop the Server at start, naming the setting, before anything runs.</summary>
public sealed class EngineOptionsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("DurableTask:TaskHub", "bad hub!", "TaskHub")]
    [InlineData("DurableTask:TaskHub", "ab", "TaskHub")]
    [InlineData("DurableTask:TaskHub", "hub\u0000nul", "TaskHub")]
    [InlineData("DurableTask:TaskHub", "a123456789012345678901234567890123456789012345", "TaskHub")]
    [InlineData("DurableTask:PartitionCount", "0", "PartitionCount")]
    [InlineData("DurableTask:PartitionCount", "17", "PartitionCount")]
    [InlineData("DurableTask:MaxConcurrentActivities", "0", "MaxConcurrentActivities")]
    [InlineData("DurableTask:MaxConcurrentOrchestrations", "-1", "MaxConcurrentOrchestrations")]
    [InlineData("DurableTask:LeaseInterval", "00:00:01", "LeaseInterval")]
    [InlineData("DurableTask:QueueVisibilityTimeout", "01:00:00", "QueueVisibilityTimeout")]
    [InlineData("DurableTask:MaxQueuePollingInterval", "00:00:00", "MaxQueuePollingInterval")]
    [InlineData("PendingJobSweep:Interval", "00:00:01", "Interval")]
    [InlineData("PendingJobSweep:MinAge", "2.00:00:00", "MinAge")]
    public async Task Invalid_engine_and_sweep_settings_stop_the_host_at_start(string key, string value, string expected)
    {
        var logs = new CapturingLoggerProvider();
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { [key] = value },
            configureTestServices: services => services.AddSingleton<ILoggerProvider>(logs));

        Assert.Contains(expected, FailedStart.ValidationOf(env, logs).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DurableTask:PartitionCount", "four")]
    [InlineData("DurableTask:LeaseInterval", "soon")]
    public async Task Settings_of_the_wrong_type_stop_the_host_at_start(string key, string value)
    {
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: new Dictionary<string, string?> { [key] = value });

        var error = Record.Exception(() => env.Server.Services);

        Assert.NotNull(error);
        Assert.Contains(key.Split(':')[1], error.ToString(), StringComparison.Ordinal);
    }
}
