namespace CatalogForge.Core.Pipeline.Activities;

/// <summary>Marks the items a cancelled job never started as <c>Cancelled</c>.</summary>
public sealed class CancelItemsActivity(JobItemWriter items) : Orchestration.IActivity<CancelItemsInput, int>
{
    public static string Name => "CancelItems";

    public async Task<int> RunAsync(CancelItemsInput input, CancellationToken cancellationToken)
    {
        var cancelled = await items.CancelPendingAsync(input.Job, input.Start, input.Count, cancellationToken);
        Telemetry.CatalogForgeMetrics.ItemFinished(input.Job.TenantId, nameof(Domain.ItemStatus.Cancelled), errorClass: null, cancelled);
        return cancelled;
    }
}
