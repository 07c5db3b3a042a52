namespace CatalogForge.Core.Jobs;

/// <summary>The job API, host-agnostic: the Server's endpoints and the Functions app's HTTP triggers both call it.</summary>
public interface IJobService
{
    Task<SubmitResult> SubmitAsync(string tenantId, SubmitJobRequest request, CancellationToken cancellationToken);

    Task<JobView?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken);

    Task<JobListPage> ListAsync(string tenantId, JobListQuery query, CancellationToken cancellationToken);

    /// <summary>Null when the job does not exist for this tenant.</summary>
    Task<Page<JobItemView>?> GetItemsAsync(string tenantId, string jobId, JobItemQuery query, CancellationToken cancellationToken);

    Task<CancelOutcome> CancelAsync(string tenantId, string jobId, CancellationToken cancellationToken);

    /// <summary>Re-runs only the failed items of a finished job, in the same job (a new retry round); succeeded items are never re-run.</summary>
    Task<RetryResult> RetryFailedAsync(string tenantId, string jobId, CancellationToken cancellationToken);
}
