namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>In a retry round: which items of a chunk's range are to run again (the failed ones, reset to Pending at the round's start).</summary>
public sealed class ListRetryItemsActivity(JobItemWriter items) : Orchestration.IActivity<ItemRangeInput, int[]>
{
    public static string Name => "ListRetryItems";

    public Task<int[]> RunAsync(ItemRangeInput input, CancellationToken cancellationToken) =>
        items.PendingIndexesAsync(input.Job, input.Start, input.Count, cancellationToken);
}
