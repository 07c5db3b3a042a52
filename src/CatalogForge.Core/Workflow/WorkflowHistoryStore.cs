using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Memoised call results in <c>WorkflowHistory</c>. One partition per root instance (PartitionKey = escaped root id),
/// holding the root's memos and those of all its sub-workflows, so a resume loads the whole tree with one partition
/// query and concurrent writes from sibling sub-workflows share transactions (<see cref="TableUpsertBatcher"/>).
/// RowKey: <c>Escape(key)</c> for the root, <c>Escape(path) + "|" + Escape(key)</c> for a sub-workflow, where path is
/// the sub-workflow's id relative to the root (<c>item/003</c>, <c>item/003:retry</c>). Escaping turns '|' into
/// <c>~7C</c> and sub-workflow keys cannot contain ':', so the mapping is injective.
/// </summary>
internal sealed class WorkflowHistoryStore
{
    private const char PathSeparator = '|';

    private readonly TableClient _table;
    private readonly TableUpsertBatcher _writer;

    public WorkflowHistoryStore(TableServiceClient tables, ILogger<WorkflowHistoryStore> logger)
    {
        _table = tables.GetTableClient(StorageNames.Tables.WorkflowHistory);
        _writer = new TableUpsertBatcher(_table, logger);
    }

    /// <param name="path">The sub-workflow's id relative to the root; empty for the root itself.</param>
    public static string RowKey(string path, string key)
    {
        var rowKey = path.Length == 0 ? TableKey.Escape(key) : $"{TableKey.Escape(path)}{PathSeparator}{TableKey.Escape(key)}";
        return rowKey.Length <= TableKey.MaxLength
            ? rowKey
            : throw new ArgumentException(
                $"History row key for '{path}' / '{key}' is {rowKey.Length} characters; the limit is {TableKey.MaxLength}. Use shorter keys.",
                nameof(key));
    }

    /// <summary>Every memo of a root instance tree, by row key (one partition query; used when a run resumes).</summary>
    public async Task<Dictionary<string, HistoryRecord>> LoadAsync(string rootInstanceId, CancellationToken ct)
    {
        var memos = new Dictionary<string, HistoryRecord>(StringComparer.Ordinal);
        await foreach (var entity in QueryPartitionAsync(rootInstanceId, ct))
        {
            memos[entity.RowKey] = ToRecord(entity);
        }

        return memos;
    }

    public Task WriteAsync(string rootInstanceId, string rowKey, HistoryRecord record)
    {
        var entity = new TableEntity(TableKey.Escape(rootInstanceId), rowKey)
        {
            [nameof(HistoryRecord.Kind)] = record.Kind.ToString(),
            [nameof(HistoryRecord.Name)] = record.Name,
            [nameof(HistoryRecord.ResultJson)] = record.ResultJson,
            [nameof(HistoryRecord.ErrorClass)] = record.ErrorClass?.ToString(),
            [nameof(HistoryRecord.ErrorMessage)] = record.ErrorMessage,
        };
        var size = rowKey.Length + record.Name.Length + (record.ResultJson?.Length ?? 0) + (record.ErrorMessage?.Length ?? 0) + 256;
        return _writer.UpsertAsync(entity, size);
    }

    /// <summary>Every memo of a root instance tree with its sub-workflow path ("" for the root) and key (tools and tests).</summary>
    public async IAsyncEnumerable<HistoryEntry> ListAsync(
        string rootInstanceId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var entity in QueryPartitionAsync(rootInstanceId, ct))
        {
            var (path, key) = ParseRowKey(entity.RowKey);
            yield return new HistoryEntry(path, key, ToRecord(entity));
        }
    }

    private IAsyncEnumerable<TableEntity> QueryPartitionAsync(string rootInstanceId, CancellationToken ct) =>
        _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Escape(rootInstanceId)}"), cancellationToken: ct);

    private static (string Path, string Key) ParseRowKey(string rowKey)
    {
        var separator = rowKey.IndexOf(PathSeparator, StringComparison.Ordinal);
        return separator < 0
            ? (string.Empty, TableKey.Unescape(rowKey))
            : (TableKey.Unescape(rowKey[..separator]), TableKey.Unescape(rowKey[(separator + 1)..]));
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

/// <summary>A memo with its location: <paramref name="Path"/> is the sub-workflow id relative to the root ("" for the root).</summary>
internal sealed record HistoryEntry(string Path, string Key, HistoryRecord Record);
