using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Activities;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Orchestration;

namespace CatalogForge.Benchmarks.Crash;

/// <summary>A step of one item as the ProductChunk workflow keys it: <c>gen</c>, <c>embed</c>, <c>image</c>, <c>save</c> or <c>fail</c>.</summary>
public sealed record ItemStep(int Item, string Step)
{
    public const string Generate = "gen";
    public const string Embed = "embed";
    public const string Image = "image";

    public override string ToString() => $"{Step}/{Item:D6}";
}

/// <summary>
/// The completed activities of one job, read straight from the task hub's history table (<c>{TaskHub}History</c>, one
/// partition per orchestration instance: the job's chunks are <c>{tenant}|{job}:chunk-NNNNN</c>). A <c>TaskCompleted</c>
/// event in an instance's history means the engine will never run that step again; its <c>TaskScheduled</c> event
/// (matched by <c>TaskScheduledId</c>) names the activity and holds its input, from which the item comes.
/// </summary>
public sealed class WorkflowMemos
{
    private static readonly Dictionary<string, string> StepOfActivity = new(StringComparer.Ordinal)
    {
        [DurableNames.Activity(GenerateContentActivity.Name)] = ItemStep.Generate,
        [DurableNames.Activity(EmbedProductActivity.Name)] = ItemStep.Embed,
        [DurableNames.Activity(RenderImageActivity.Name)] = ItemStep.Image,
        [DurableNames.Activity(SaveProductActivity.Name)] = "save",
        [DurableNames.Activity(RecordItemFailureActivity.Name)] = "fail",
    };

    private WorkflowMemos(IReadOnlySet<ItemStep> steps, IReadOnlyDictionary<int, ContentRef> contents)
    {
        Steps = steps;
        Contents = contents;
    }

    public IReadOnlySet<ItemStep> Steps { get; }

    /// <summary>Each item's completed GenerateContent result (title and image prompt), by item index.</summary>
    public IReadOnlyDictionary<int, ContentRef> Contents { get; }

    public static async Task<WorkflowMemos> ReadAsync(
        TableServiceClient tables, string taskHub, string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(taskHub + "History");
        var chunkPrefix = ProductIds.JobInstanceId(tenantId, jobId) + ":chunk-";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {chunkPrefix} and PartitionKey lt {chunkPrefix + "~"}");
        var scheduled = new Dictionary<(string Instance, int EventId), (string Name, string? Input)>();
        var completed = new List<(string Instance, int ScheduledId, string? Result)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            switch (row.GetString("EventType"))
            {
                case "TaskScheduled" when row.GetString("Name") is { } name && StepOfActivity.ContainsKey(name):
                    scheduled[(row.PartitionKey, row.GetInt32("EventId") ?? -1)] = (name, row.GetString("Input"));
                    break;
                case "TaskCompleted":
                    completed.Add((row.PartitionKey, row.GetInt32("TaskScheduledId") ?? -1, row.GetString("Result")));
                    break;
            }
        }

        var steps = new HashSet<ItemStep>();
        var contents = new Dictionary<int, ContentRef>();
        foreach (var (instance, scheduledId, result) in completed)
        {
            if (!scheduled.TryGetValue((instance, scheduledId), out var task) || ItemIndex(task.Input) is not { } item)
            {
                continue;
            }

            steps.Add(new ItemStep(item, StepOfActivity[task.Name]));
            if (task.Name == DurableNames.Activity(GenerateContentActivity.Name) && result is not null
                && WorkflowJson.Deserialize<ActivityOutcome<ContentRef>>(result).Result is { } content)
            {
                contents[item] = content;
            }
        }

        return new WorkflowMemos(steps, contents);
    }

    /// <summary>
    /// The item an activity ran for: the index of the first <see cref="ItemRef"/> (an object with <c>job</c> and
    /// <c>index</c>) in its input, which DurableTask.Core stores as a one-element array.
    /// </summary>
    private static int? ItemIndex(string? input)
    {
        var node = input is null ? null : JsonNode.Parse(input);
        return Find(node is JsonArray { Count: 1 } array ? array[0] : node);

        static int? Find(JsonNode? node) => node switch
        {
            JsonObject o when o["job"] is JsonObject && o["index"] is JsonValue index => index.GetValue<int>(),
            JsonObject o => o.Select(property => Find(property.Value)).FirstOrDefault(found => found is not null),
            _ => null,
        };
    }
}
