using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Memoised call results in <c>WorkflowHistory</c>: PartitionKey the escaped instance id (sub-workflows use their own
/// id, <c>{parent}:{key}</c>), RowKey the escaped call key. One point read and one upsert per call at most.
/// </summary>
internal sealed class WorkflowHistoryStore(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(StorageNames.Tables.WorkflowHistory);

    public async Task<HistoryRecord?> TryGetAsync(string instanceId, string key, CancellationToken ct)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(
            TableKey.Escape(instanceId), TableKey.Escape(key), cancellationToken: ct);
        return response.HasValue ? ToRecord(response.Value!) : null;
    }

    public Task WriteAsync(string instanceId, string key, HistoryRecord record, CancellationToken ct)
    {
        var entity = new TableEntity(TableKey.Escape(instanceId), TableKey.Escape(key))
        {
            [nameof(HistoryRecord.Kind)] = record.Kind.ToString(),
            [nameof(HistoryRecord.Name)] = record.Name,
            [nameof(HistoryRecord.ResultJson)] = record.ResultJson,
            [nameof(HistoryRecord.ErrorClass)] = record.ErrorClass?.ToString(),
            [nameof(HistoryRecord.ErrorMessage)] = record.ErrorMessage,
        };
        return _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }

    /// <summary>Every memo of one instance, keys unescaped (tools and tests).</summary>
    public async IAsyncEnumerable<KeyValuePair<string, HistoryRecord>> ListAsync(
        string instanceId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Escape(instanceId)}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            yield return KeyValuePair.Create(TableKey.Unescape(entity.RowKey), ToRecord(entity));
        }
    }

    private static HistoryRecord ToRecord(TableEntity entity) => new(
        Enum.TryParse<CallKind>(entity.GetString(nameof(HistoryRecord.Kind)), out var kind) ? kind : CallKind.Activity,
        entity.GetString(nameof(HistoryRecord.Name)) ?? string.Empty,
        entity.GetString(nameof(HistoryRecord.ResultJson)),
        entity.GetString(nameof(HistoryRecord.ErrorClass)) is { } errorClass
            ? Enum.TryParse<ErrorClass>(errorClass, out var parsed) ? parsed : Domain.ErrorClass.Unknown
            : null,
        entity.GetString(nameof(HistoryRecord.ErrorMessage)));
}

internal enum CallKind
{
    Activity,
    Workflow,
}

/// <summary>One memoised call: a result, or a classified failure (failures are memoised too).</summary>
internal sealed record HistoryRecord(CallKind Kind, string Name, string? ResultJson, ErrorClass? ErrorClass, string? ErrorMessage)
{
    public bool IsFailure => ErrorClass is not null;

    public static HistoryRecord Success(CallKind kind, string name, string resultJson) => new(kind, name, resultJson, null, null);

    public static HistoryRecord Failure(CallKind kind, string name, ErrorClass errorClass, string message) =>
        new(kind, name, null, errorClass, message);
}
