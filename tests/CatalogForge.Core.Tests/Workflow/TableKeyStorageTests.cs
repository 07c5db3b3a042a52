using CatalogForge.Core.Workflow;
using CatalogForge.Testing;

namespace CatalogForge.Core.Tests.Workflow;

/// <summary>Escaped keys against the real table service (Azurite), for instance ids and call keys alike.</summary>
[Collection(WorkflowCollection.Name)]
public sealed class TableKeyStorageTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HistoryMemos_RoundTripThroughStorage_ForAwkwardInstanceIdsAndKeys()
    {
        var history = new WorkflowHistoryStore(await WorkflowTestHost.TablesAsync(azurite));
        var instanceId = $"{WorkflowTestHost.NewInstanceId("keys")} /\\#?~ 日本語 🚀:child";
        var keys = TableKeyTests.Keys.Select(row => row.Data).Where(key => key.Length > 0).ToArray();

        foreach (var key in keys)
        {
            await history.WriteAsync(instanceId, key, HistoryRecord.Success(CallKind.Activity, "a", $"\"{key.Length}\""), Ct);
        }

        foreach (var key in keys)
        {
            var memo = await history.TryGetAsync(instanceId, key, Ct);
            Assert.Equal($"\"{key.Length}\"", memo?.ResultJson);
        }

        var listed = new List<string>();
        await foreach (var (key, _) in history.ListAsync(instanceId, Ct))
        {
            listed.Add(key);
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Null(await history.TryGetAsync(instanceId, "never written /#?", Ct));
    }

    [Fact]
    public async Task Instances_WithAwkwardIds_RunAndAreFoundAgain()
    {
        var probe = new ActivityProbe();
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var id = $"{WorkflowTestHost.NewInstanceId("odd-id")} a/b\\c#d?e~2F 日本語 🚀";

        await host.Engine.StartAsync(SequentialWorkflow.Name, id, new CountInput(2), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(id, done.InstanceId);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(2, done.GetOutput<int>());
        Assert.Equal(1, probe.CallsFor($"{id}|1"));
    }
}
