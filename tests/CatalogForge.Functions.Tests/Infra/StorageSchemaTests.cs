using CatalogForge.Core.Storage;
using CatalogForge.Testing;

namespace CatalogForge.Functions.Tests.Infra;

/// <summary>
/// infra/app/storage.bicep declares every table, container and queue the app uses (in Azure the app never creates them):
/// its lists must stay in step with <see cref="StorageNames"/>.
/// </summary>
public sealed class StorageSchemaTests
{
    private static readonly string Bicep = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "app", "storage.bicep"));

    public static TheoryData<string> Names() =>
        new(StorageNames.Tables.All.Concat(StorageNames.Containers.All).Concat(StorageNames.Queues.All).Distinct());

    [Theory]
    [MemberData(nameof(Names))]
    public void Storage_bicep_declares_every_name_the_app_uses(string name) =>
        Assert.Contains($"'{name}'", Bicep, StringComparison.Ordinal);

    [Fact]
    public void Host_json_retries_a_queue_message_as_often_as_the_ingest_handler_expects()
    {
        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json")));

        var maxDequeueCount = hostJson.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32();

        Assert.Equal(new Core.Ingestion.IngestionOptions().MaxDequeueCount, maxDequeueCount);
    }
}
