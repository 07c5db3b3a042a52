using CatalogForge.Core.Alerts;
using CatalogForge.Testing;

namespace CatalogForge.Functions.Tests.Alerts;

public sealed class AlertQueueSettingsTests
{
    [Fact]
    public void The_handlers_last_delivery_comes_before_the_host_would_move_the_bare_message_to_poison()
    {
        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json")));

        var maxDequeueCount = hostJson.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32();

        Assert.True(new AlertOptions().MaxDequeueCount <= maxDequeueCount,
            $"Alerts:MaxDequeueCount {new AlertOptions().MaxDequeueCount} > host.json maxDequeueCount {maxDequeueCount}");
    }
}
