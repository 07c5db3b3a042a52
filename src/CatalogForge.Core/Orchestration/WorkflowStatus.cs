using System.Text.Json.Serialization;

namespace CatalogForge.Core.Orchestration;

[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))]
public enum WorkflowStatus
{
    /// <summary>Scheduled or running; after a host stop or crash another worker of the task hub picks it up.</summary>
    Running,
    Completed,
    Failed,

    /// <summary>Terminated by an operator; CatalogForge itself cancels by event, so its orchestrations complete.</summary>
    Cancelled,
}
