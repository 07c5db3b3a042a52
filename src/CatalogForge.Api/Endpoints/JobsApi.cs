using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace CatalogForge.Api.Endpoints;

/// <summary><c>/api/jobs</c>: submit, list, read, list items, cancel, retry. Every call is scoped to the caller's tenant.</summary>
public static class JobsApi
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        var maxBody = routes.ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.MaxJobRequestBodySize;
        var jobs = routes.MapGroup("/jobs").WithTags("Jobs");

        jobs.MapPost("/", SubmitAsync).WithName("SubmitJob").WithMetadata(new RequestBodySizeLimit(maxBody));
        jobs.MapGet("/", ListAsync).WithName("ListJobs");
        jobs.MapGet("/{id}", GetAsync).WithName("GetJob");
        jobs.MapGet("/{id}/items", GetItemsAsync).WithName("GetJobItems");
        jobs.MapPost("/{id}/cancel", CancelAsync).WithName("CancelJob");
        jobs.MapPost("/{id}/retry", JobRetryApi.RetryAsync).WithName("RetryJob");
        return jobs;
    }

    public static string StatusUrl(string jobId) => $"/api/jobs/{Uri.EscapeDataString(jobId)}";

    public const string IdempotencyConflictTitle = "The idempotency key was used for another request";

    public static async Task<Results<Accepted<JobAccepted>, Ok<JobAccepted>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        SubmitJobRequest request, TenantContext tenant, IJobService jobs, CancellationToken cancellationToken)
    {
        var result = await jobs.SubmitAsync(tenant.TenantId, request, cancellationToken);
        if (result.Errors is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The job request is not valid");
        }

        var accepted = result.Accepted
            ?? throw new InvalidOperationException("IJobService.SubmitAsync returned neither a job nor validation errors.");
        var statusUrl = StatusUrl(accepted.JobId);
        if (result.Conflict)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: IdempotencyConflictTitle,
                detail: $"The idempotencyKey belongs to job {accepted.JobId}, submitted with other content. Send that content again " +
                    "to get its job, or use a new key for a new job.",
                extensions: new Dictionary<string, object?> { ["jobId"] = accepted.JobId, ["statusUrl"] = statusUrl });
        }

        accepted = accepted with { StatusUrl = statusUrl };
        return result.Existing ? TypedResults.Ok(accepted) : TypedResults.Accepted(statusUrl, accepted);
    }

    public static async Task<Results<Ok<JobListPage>, ValidationProblem>> ListAsync(
        string? status, string? kind, string? createdFrom, string? createdTo, string? continuationToken, string? pageSize,
        TenantContext tenant, IJobService jobs, CancellationToken cancellationToken)
    {
        var query = new QueryValues();
        var listQuery = new JobListQuery(
            query.Enum<JobStatus>(nameof(status), status),
            query.Enum<JobKind>(nameof(kind), kind),
            string.IsNullOrWhiteSpace(continuationToken) ? null : continuationToken,
            query.Int(nameof(pageSize), pageSize, new JobListQuery().PageSize, 1, MaxPageSize),
            CreatedBound(query, nameof(createdFrom), createdFrom),
            CreatedBound(query, nameof(createdTo), createdTo));
        if (listQuery is { CreatedFrom: { } from, CreatedTo: { } to } && from >= to)
        {
            query.Fail(nameof(createdTo), "createdTo must be later than createdFrom (the range is [createdFrom, createdTo)).");
        }

        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The query is not valid");
        }

        return TypedResults.Ok(await jobs.ListAsync(tenant.TenantId, listQuery, cancellationToken));
    }

    public static async Task<Results<Ok<JobView>, NotFound>> GetAsync(
        string id, TenantContext tenant, IJobService jobs, CancellationToken cancellationToken) =>
        await jobs.GetAsync(tenant.TenantId, id, cancellationToken) is { } job
            ? TypedResults.Ok(job)
            : TypedResults.NotFound();

    public static async Task<Results<Ok<Page<JobItemView>>, NotFound, ValidationProblem>> GetItemsAsync(
        string id, string? status, string? continuationToken, string? pageSize,
        TenantContext tenant, IJobService jobs, CancellationToken cancellationToken)
    {
        var query = new QueryValues();
        var itemQuery = new JobItemQuery(
            query.Enum<ItemStatus>(nameof(status), status),
            string.IsNullOrWhiteSpace(continuationToken) ? null : continuationToken,
            query.Int(nameof(pageSize), pageSize, new JobItemQuery().PageSize, 1, MaxPageSize));
        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors, title: "The query is not valid");
        }

        return await jobs.GetItemsAsync(tenant.TenantId, id, itemQuery, cancellationToken) is { } page
            ? TypedResults.Ok(page)
            : TypedResults.NotFound();
    }

    public static async Task<Results<Accepted<JobView>, NotFound, ProblemHttpResult>> CancelAsync(
        string id, TenantContext tenant, IJobService jobs, CancellationToken cancellationToken)
    {
        var outcome = await jobs.CancelAsync(tenant.TenantId, id, cancellationToken);
        if (outcome == CancelOutcome.NotFound)
        {
            return TypedResults.NotFound();
        }

        var job = await jobs.GetAsync(tenant.TenantId, id, cancellationToken);
        if (job is null)
        {
            return TypedResults.NotFound();
        }

        if (outcome == CancelOutcome.AlreadyFinished)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The job has already finished",
                detail: $"Job {job.JobId} is {job.Status}; only pending or running jobs can be cancelled.",
                extensions: new Dictionary<string, object?> { ["jobStatus"] = job.Status.ToString() });
        }

        return TypedResults.Accepted(StatusUrl(job.JobId), job);
    }

    private static DateTimeOffset? CreatedBound(QueryValues query, string name, string? value) =>
        query.InstantWithin(name, value, JobIds.MinCreated, JobIds.MaxCreated);

    /// <summary>Per-endpoint body limit; routing applies it to the request's <c>IHttpMaxRequestBodySizeFeature</c>.</summary>
    internal sealed class RequestBodySizeLimit(long maxRequestBodySize) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = maxRequestBodySize;
    }
}
