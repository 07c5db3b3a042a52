using CatalogForge.Core.Workflow;
using CatalogForge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CatalogForge.Core.Tests.Workflow;

/// <summary>Escaped keys against the real table service (Azurite), for instance ids, sub-workflow paths and call keys.</summary>
[Collection(WorkflowCollection.Name)]
public sealed class TableKeyStorageTests(AzuriteFixture azurite)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HistoryMemos_RoundTripThroughStorage_ForAwkwardIdsPathsAndKeys()
    {
        var history = new WorkflowHistoryStore(await WorkflowTestHost.TablesAsync(azurite), NullLogger<WorkflowHistoryStore>.Instance);
        var rootId = $"{WorkflowTestHost.NewInstanceId("keys")} /\\#?~| 日本語 🚀";
        var keys = TableKeyTests.Keys.Select(row => row.Data).Where(key => key.Length > 0).ToArray();
        string[] paths = ["", "item/003", "a|b:c#d?e\\f 🚀"];

        await Task.WhenAll(
            from path in paths
            from key in keys
            select history.WriteAsync(rootId, WorkflowHistoryStore.RowKey(path, key), Memo(path, key)));

        var loaded = await history.LoadAsync(rootId, Ct);
        Assert.Equal(paths.Length * keys.Length, loaded.Count);
        foreach (var path in paths)
        {
            foreach (var key in keys)
            {
                Assert.Equal(Memo(path, key), loaded[WorkflowHistoryStore.RowKey(path, key)]);
            }
        }

        var listed = new List<(string Path, string Key)>();
        await foreach (var entry in history.ListAsync(rootId, Ct))
        {
            Assert.Equal(Memo(entry.Path, entry.Key), entry.Record);
            listed.Add((entry.Path, entry.Key));
        }

        Assert.Equal(
            (from path in paths from key in keys select (path, key)).Order(),
            listed.Order());
    }

    [Fact]
    public async Task Instances_WithAwkwardIds_RunAndAreFoundAgain()
    {
        var probe = new ActivityProbe();
        await using var host = await WorkflowTestHost.StartAsync(azurite, probe);
        var id = $"{WorkflowTestHost.NewInstanceId("odd-id")} a/b\\c#d?e~2F|x 日本語 🚀";

        await host.Engine.StartAsync(SequentialWorkflow.Name, id, new CountInput(2), ct: Ct);
        var done = await host.Engine.WaitForCompletionAsync(id, TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(id, done.InstanceId);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(2, done.GetOutput<int>());
        Assert.Equal(1, probe.CallsFor($"{id}|1"));
    }

    private static HistoryRecord Memo(string path, string key) =>
        HistoryRecord.Success(CallKind.Activity, "a", WorkflowJson.Serialize($"{path}/{key}"));
}
