using CatalogForge.Core.Jobs;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CatalogForge.Api.Endpoints;

/// <summary>
/// <c>POST /api/jobs/{id}/retry</c>: re-runs the failed items of a finished job in the same job. 202 with the job's
/// status URL when a retry round started; 404 unknown job; 409 while the job is pending or running, and 409 when it
/// finished without failed items (there is nothing to do, and saying so is more useful than a silent 200).
/// </summary>
public static class JobRetryApi
{
    public static async Task<Results<Accepted<JobView>, NotFound, ProblemHttpResult>> RetryAsync(
        string id, TenantContext tenant, IJobService jobs, CancellationToken cancellationToken)
    {
        var result = await jobs.RetryFailedAsync(tenant.TenantId, id, cancellationToken);
        if (result.Outcome == RetryOutcome.NotFound || await jobs.GetAsync(tenant.TenantId, id, cancellationToken) is not { } job)
        {
            return TypedResults.NotFound();
        }

        return result.Outcome switch
        {
            RetryOutcome.Retrying => TypedResults.Accepted(JobsApi.StatusUrl(job.JobId), job),
            RetryOutcome.StillRunning => Conflict(job, "The job is still running",
                $"Job {job.JobId} is {job.Status}; failed items can be retried once it has finished."),
            RetryOutcome.NothingToRetry => Conflict(job, "The job has no failed items",
                $"Job {job.JobId} ended {job.Status} with no failed items; there is nothing to retry."),
            _ => throw new InvalidOperationException($"Unknown retry outcome {result.Outcome}."),
        };
    }

    private static ProblemHttpResult Conflict(JobView job, string title, string detail) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: title,
            detail: detail,
            extensions: new Dictionary<string, object?> { ["jobStatus"] = job.Status.ToString(), ["failedItems"] = job.Counts.Failed });
}
