using System.Globalization;
using Azure.Data.Tables;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Activities;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Workflow;

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
/// The memoised activity results of one job, read straight from the <c>WorkflowHistory</c> table (one partition per
/// root instance; row key = escaped sub-workflow path, '|', escaped key such as <c>gen/000042</c>). A memo, success or
/// classified failure, means the engine will never run that step again.
/// </summary>
public sealed class WorkflowMemos
{
    private WorkflowMemos(IReadOnlySet<ItemStep> steps, IReadOnlyDictionary<int, ContentRef> contents)
    {
        Steps = steps;
        Contents = contents;
    }

    public IReadOnlySet<ItemStep> Steps { get; }

    /// <summary>Each item's memoised GenerateContent result (title and image prompt), by item index.</summary>
    public IReadOnlyDictionary<int, ContentRef> Contents { get; }

    public static async Task<WorkflowMemos> ReadAsync(TableServiceClient tables, string tenantId, string jobId, CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(StorageNames.Tables.WorkflowHistory);
        var partition = TableKey.Escape(ProductIds.JobInstanceId(tenantId, jobId));
        var steps = new HashSet<ItemStep>();
        var contents = new Dictionary<int, ContentRef>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
                           cancellationToken: cancellationToken))
        {
            var key = TableKey.Unescape(row.RowKey[(row.RowKey.LastIndexOf('|') + 1)..]);
            if (ParseItemStep(key) is not { } step)
            {
                continue;
            }

            steps.Add(step);
            if (step.Step == ItemStep.Generate && row.GetString("Name") == GenerateContentActivity.Name && row.GetString("ResultJson") is { } json)
            {
                contents[step.Item] = WorkflowJson.Deserialize<ContentRef>(json);
            }
        }

        return new WorkflowMemos(steps, contents);
    }

    /// <summary><c>gen/000042</c> → (42, gen); keys of other shapes (start, chunk/…, progress/…) → null.</summary>
    private static ItemStep? ParseItemStep(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && key.Length - slash - 1 == 6
               && int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var item)
            ? new ItemStep(item, key[..slash])
            : null;
    }
}
