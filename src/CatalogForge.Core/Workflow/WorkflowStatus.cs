using System.Text.Json.Serialization;

namespace CatalogForge.Core.Workflow;

[JsonConverter(typeof(JsonStringEnumConverter<WorkflowStatus>))]
public enum WorkflowStatus
{
    /// <summary>Started and not finished; after a host stop or crash the next host resumes it.</summary>
    Running,
    Completed,
    Failed,

    /// <summary>Cancellation was requested and the orchestration then returned (its output is kept) or gave up.</summary>
    Cancelled,
}
