namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Marks the items a cancelled job never started as <c>Cancelled</c>.</summary>
public sealed class CancelItemsActivity(JobItemWriter items) : Orchestration.IActivity<CancelItemsInput, int>
{
    public static string Name => "CancelItems";

    public Task<int> RunAsync(CancelItemsInput input, CancellationToken cancellationToken) =>
        items.CancelPendingAsync(input.Job, input.Start, input.Count, cancellationToken);
}
