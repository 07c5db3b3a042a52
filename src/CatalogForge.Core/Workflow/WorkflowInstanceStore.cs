using Azure;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;

namespace CatalogForge.Core.Workflow;

/// <summary>
/// Root instance rows in <c>WorkflowInstances</c>: PartitionKey <c>instance</c>, RowKey the escaped instance id.
/// Every update is a Merge of the properties it owns, so the cancel flag, custom status and outcome writers never
/// overwrite each other.
/// </summary>
internal sealed class WorkflowInstanceStore(TableServiceClient tables)
{
    public const string Partition = "instance";

    private readonly TableClient _table = tables.GetTableClient(StorageNames.Tables.WorkflowInstances);

    /// <summary>Adds the row; false when it already exists.</summary>
    public async Task<bool> TryCreateAsync(WorkflowInstanceInfo info, CancellationToken ct)
    {
        var entity = new TableEntity(Partition, TableKey.Escape(info.InstanceId))
        {
            [nameof(WorkflowInstanceInfo.InstanceId)] = info.InstanceId,
            [nameof(WorkflowInstanceInfo.WorkflowName)] = info.WorkflowName,
            [nameof(WorkflowInstanceInfo.Status)] = info.Status.ToString(),
            [nameof(WorkflowInstanceInfo.InputJson)] = info.InputJson,
            [nameof(WorkflowInstanceInfo.CancelRequested)] = false,
            [nameof(WorkflowInstanceInfo.Priority)] = info.Priority.ToString(),
            [nameof(WorkflowInstanceInfo.TenantId)] = info.TenantId,
            [nameof(WorkflowInstanceInfo.CreatedAt)] = info.CreatedAt,
            [nameof(WorkflowInstanceInfo.UpdatedAt)] = info.UpdatedAt,
        };
        try
        {
            await _table.AddEntityAsync(entity, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<WorkflowInstanceInfo?> GetAsync(string instanceId, CancellationToken ct)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(instanceId), cancellationToken: ct);
        return response.HasValue ? ToInfo(response.Value!) : null;
    }

    public IAsyncEnumerable<WorkflowInstanceInfo> ListRunningAsync(CancellationToken ct) =>
        ListAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Status eq {WorkflowStatus.Running.ToString()}"), ct);

    /// <summary>Sets the cancel flag; false when the instance does not exist.</summary>
    public async Task<bool> SetCancelRequestedAsync(string instanceId, DateTimeOffset now, CancellationToken ct)
    {
        var entity = new TableEntity(Partition, TableKey.Escape(instanceId))
        {
            [nameof(WorkflowInstanceInfo.CancelRequested)] = true,
            [nameof(WorkflowInstanceInfo.UpdatedAt)] = now,
        };
        try
        {
            await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    public Task SetCustomStatusAsync(string instanceId, string customStatusJson, DateTimeOffset now, CancellationToken ct) =>
        _table.UpdateEntityAsync(
            new TableEntity(Partition, TableKey.Escape(instanceId))
            {
                [nameof(WorkflowInstanceInfo.CustomStatusJson)] = customStatusJson,
                [nameof(WorkflowInstanceInfo.UpdatedAt)] = now,
            },
            ETag.All,
            TableUpdateMode.Merge,
            ct);

    /// <summary>Records the outcome (and the last custom status when one is still unwritten) in one write.</summary>
    public Task CompleteAsync(string instanceId, WorkflowOutcome outcome, string? customStatusJson, DateTimeOffset now, CancellationToken ct)
    {
        var entity = new TableEntity(Partition, TableKey.Escape(instanceId))
        {
            [nameof(WorkflowInstanceInfo.Status)] = outcome.Status.ToString(),
            [nameof(WorkflowInstanceInfo.UpdatedAt)] = now,
        };
        if (outcome.OutputJson is not null)
        {
            entity[nameof(WorkflowInstanceInfo.OutputJson)] = outcome.OutputJson;
        }

        if (outcome.Error is not null)
        {
            entity[nameof(WorkflowInstanceInfo.Error)] = outcome.Error;
            entity[nameof(WorkflowInstanceInfo.ErrorClass)] = outcome.ErrorClass.ToString();
        }

        if (customStatusJson is not null)
        {
            entity[nameof(WorkflowInstanceInfo.CustomStatusJson)] = customStatusJson;
        }

        return _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, ct);
    }

    private async IAsyncEnumerable<WorkflowInstanceInfo> ListAsync(
        string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            yield return ToInfo(entity);
        }
    }

    private static WorkflowInstanceInfo ToInfo(TableEntity entity)
    {
        var customStatus = entity.GetString(nameof(WorkflowInstanceInfo.CustomStatusJson));
        return new WorkflowInstanceInfo
        {
            InstanceId = entity.GetString(nameof(WorkflowInstanceInfo.InstanceId)) ?? TableKey.Unescape(entity.RowKey),
            WorkflowName = entity.GetString(nameof(WorkflowInstanceInfo.WorkflowName)) ?? string.Empty,
            Status = ParseEnum(entity.GetString(nameof(WorkflowInstanceInfo.Status)), WorkflowStatus.Running),
            InputJson = entity.GetString(nameof(WorkflowInstanceInfo.InputJson)) ?? "null",
            CancelRequested = entity.GetBoolean(nameof(WorkflowInstanceInfo.CancelRequested)) ?? false,
            CustomStatusJson = customStatus is null or "null" ? null : customStatus,
            OutputJson = entity.GetString(nameof(WorkflowInstanceInfo.OutputJson)),
            Error = entity.GetString(nameof(WorkflowInstanceInfo.Error)),
            ErrorClass = entity.GetString(nameof(WorkflowInstanceInfo.ErrorClass)) is { } errorClass
                ? ParseEnum(errorClass, Domain.ErrorClass.Unknown)
                : null,
            Priority = ParseEnum(entity.GetString(nameof(WorkflowInstanceInfo.Priority)), JobPriority.Normal),
            TenantId = entity.GetString(nameof(WorkflowInstanceInfo.TenantId)),
            CreatedAt = entity.GetDateTimeOffset(nameof(WorkflowInstanceInfo.CreatedAt)) ?? DateTimeOffset.MinValue,
            UpdatedAt = entity.GetDateTimeOffset(nameof(WorkflowInstanceInfo.UpdatedAt)) ?? DateTimeOffset.MinValue,
        };
    }

    private static TEnum ParseEnum<TEnum>(string? value, TEnum fallback)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, ignoreCase: false, out var parsed) ? parsed : fallback;
}

/// <summary>How a run ended, as written to the instance row.</summary>
internal sealed record WorkflowOutcome(WorkflowStatus Status, string? OutputJson, string? Error, ErrorClass ErrorClass)
{
    public static WorkflowOutcome Succeeded(WorkflowStatus status, string outputJson) => new(status, outputJson, null, ErrorClass.None);

    public static WorkflowOutcome Failed(WorkflowStatus status, string error, ErrorClass errorClass) => new(status, null, error, errorClass);
}
