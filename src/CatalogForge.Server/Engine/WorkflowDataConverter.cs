using System.Text.Json;
using CatalogForge.Core.Orchestration;
using DurableTask.Core.Serializing;

namespace CatalogForge.Server.Engine;

/// <summary>
/// DurableTask.Core's converter with Core's JSON shape (<see cref="WorkflowJson"/>), so what the Server's client writes
/// (orchestration inputs, cancel events) reads back in the orchestrators exactly as under Durable Functions.
/// </summary>
internal sealed class WorkflowDataConverter : DataConverter
{
    public static WorkflowDataConverter Instance { get; } = new();

    public override string Serialize(object value) => WorkflowJson.Serialize(value);

    public override string Serialize(object value, bool formatted) => WorkflowJson.Serialize(value);

    public override object Deserialize(string data, Type objectType) =>
        JsonSerializer.Deserialize(data, objectType, WorkflowJson.Options)!;
}
