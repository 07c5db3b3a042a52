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
/// (matched by <c>TaskScheduledId</c>) names the activity.
/// <para>
/// The Azure Storage provider does not store activity inputs in the history, so the item of a step comes from what the
/// history does hold: a GenerateContent or SaveProduct/RecordItemFailure result names its item. EmbedProduct and
/// RenderImage take the item's generated content: the chunk workflow schedules both as soon as the item's
/// GenerateContent completes, so in one episode (events after an <c>OrchestratorStarted</c>) the n-th EmbedProduct
/// and the n-th RenderImage scheduled belong to the item of the n-th successful GenerateContent completed.
/// </para>
/// </summary>
public sealed class WorkflowMemos
{
    private static readonly string GenerateName = DurableNames.Activity(GenerateContentActivity.Name);
    private static readonly string EmbedName = DurableNames.Activity(EmbedProductActivity.Name);
    private static readonly string ImageName = DurableNames.Activity(RenderImageActivity.Name);

    private static readonly Dictionary<string, string> StepOfActivity = new(StringComparer.Ordinal)
    {
        [GenerateName] = ItemStep.Generate,
        [EmbedName] = ItemStep.Embed,
        [ImageName] = ItemStep.Image,
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
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        var steps = new HashSet<ItemStep>();
        var contents = new Dictionary<int, ContentRef>();
        foreach (var instance in rows.GroupBy(row => row.PartitionKey))
        {
            Read([.. instance.OrderBy(row => row.RowKey, StringComparer.Ordinal)], steps, contents);
        }

        return new WorkflowMemos(steps, contents);
    }

    /// <summary>One instance's history, in event order.</summary>
    private static void Read(List<TableEntity> history, HashSet<ItemStep> steps, Dictionary<int, ContentRef> contents)
    {
        var scheduled = new Dictionary<int, (string Name, int? Item)>();
        var generatedThisEpisode = new List<int>();
        int embeds = 0, images = 0;
        foreach (var row in history)
        {
            var eventId = row.GetInt32("EventId") ?? -1;
            switch (row.GetString("EventType"))
            {
                case "OrchestratorStarted":
                    generatedThisEpisode.Clear();
                    embeds = images = 0;
                    break;
                case "TaskScheduled" when row.GetString("Name") is { } name && StepOfActivity.ContainsKey(name):
                    var item = ItemIndex(row.GetString("Input"))
                        ?? (name == EmbedName ? At(generatedThisEpisode, embeds++) : name == ImageName ? At(generatedThisEpisode, images++) : null);
                    scheduled[eventId] = (name, item);
                    break;
                case "TaskCompleted" when scheduled.TryGetValue(row.GetInt32("TaskScheduledId") ?? -1, out var task):
                    var result = row.GetString("Result");
                    var done = task.Item ?? ResultItem(task.Name, result);
                    // A result row may carry no outcome (an empty or "null" result); it names no item then.
                    if (task.Name == GenerateName && !string.IsNullOrEmpty(result)
                        && WorkflowJson.Deserialize<ActivityOutcome<ContentRef>?>(result)?.Result is { Item: not null } content)
                    {
                        contents[content.Item.Index] = content;
                        generatedThisEpisode.Add(content.Item.Index);
                        done = content.Item.Index;
                    }

                    if (done is { } index)
                    {
                        steps.Add(new ItemStep(index, StepOfActivity[task.Name]));
                    }

                    break;
            }
        }

        static int? At(List<int> items, int n) => n < items.Count ? items[n] : null;
    }

    /// <summary>The item a SaveProduct or RecordItemFailure result (an <see cref="ItemResult"/>) names.</summary>
    private static int? ResultItem(string name, string? result) =>
        name != GenerateName && name != EmbedName && name != ImageName && !string.IsNullOrEmpty(result)
            ? WorkflowJson.Deserialize<ActivityOutcome<ItemResult>?>(result)?.Result?.Index
            : null;

    /// <summary>
    /// The item an activity ran for, when its input is in the history: the index of the first <see cref="ItemRef"/>
    /// (an object with <c>job</c> and <c>index</c>) in it, which DurableTask.Core stores as a one-element array.
    /// </summary>
    private static int? ItemIndex(string? input)
    {
        var node = string.IsNullOrEmpty(input) ? null : JsonNode.Parse(input);
        return Find(node is JsonArray { Count: 1 } array ? array[0] : node);

        static int? Find(JsonNode? node) => node switch
        {
            JsonObject o when o["job"] is JsonObject && o["index"] is JsonValue index => index.GetValue<int>(),
            JsonObject o => o.Select(property => Find(property.Value)).FirstOrDefault(found => found is not null),
            _ => null,
        };
    }
}
