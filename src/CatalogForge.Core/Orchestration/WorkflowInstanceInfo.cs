namespace CatalogForge.Core.Orchestration;

/// <summary>A root orchestration instance as the engine reports it. JSON members use <see cref="WorkflowJson.Options"/>.</summary>
public sealed record WorkflowInstanceInfo
{
    public required string InstanceId { get; init; }

    public required string WorkflowName { get; init; }

    public required WorkflowStatus Status { get; init; }

    public string InputJson { get; init; } = "null";

    public string? CustomStatusJson { get; init; }

    public string? OutputJson { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public bool IsTerminal => Status != WorkflowStatus.Running;

    public T? GetOutput<T>() => OutputJson is null ? default : WorkflowJson.Deserialize<T>(OutputJson);

    public T? GetCustomStatus<T>() => CustomStatusJson is null ? default : WorkflowJson.Deserialize<T>(CustomStatusJson);
}
