namespace CatalogForge.Core.Jobs;

/// <summary>The job API, host-agnostic: the Server's endpoints and the Functions app's HTTP triggers both call it.</summary>
public interface IJobService
{
    Task<SubmitResult> SubmitAsync(string tenantId, SubmitJobRequest request, CancellationToken cancellationToken);

    Task<JobView?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken);

    Task<Page<JobView>> ListAsync(string tenantId, JobListQuery query, CancellationToken cancellationToken);

    /// <summary>Null when the job does not exist for this tenant.</summary>
    Task<Page<JobItemView>?> GetItemsAsync(string tenantId, string jobId, JobItemQuery query, CancellationToken cancellationToken);

    Task<CancelOutcome> CancelAsync(string tenantId, string jobId, CancellationToken cancellationToken);
}
