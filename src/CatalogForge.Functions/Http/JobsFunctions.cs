using CatalogForge.Core.Jobs;
using CatalogForge.Functions.Durable;
using CatalogForge.Api;
using CatalogForge.Api.Endpoints;
using CatalogForge.Api.Tenancy;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace CatalogForge.Functions.Http;

/// <summary>
/// <c>/api/jobs</c>: the Server's <see cref="JobsApi"/> and <see cref="JobRetryApi"/> handlers. Submit, cancel and retry
/// start or signal workflows, so they take the invocation's Durable client and lend it to Core for the call
/// (<see cref="DurableClientScope"/>). Submit answers like the Server: 202 with <c>Location</c> and the job's
/// <c>statusUrl</c> (the tenant-scoped status link; Durable's management URLs carry the host's system key and are not
/// handed to tenants), 200 for a repeated idempotency key.
/// </summary>
public sealed class JobsFunctions(
    IJobService jobs,
    TenantContext tenant,
    DurableClientScope durable,
    IOptions<ApiOptions> server,
    IOptions<HttpJsonOptions> json)
{
    [Function("SubmitJob")]
    public async Task<IActionResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        var body = await JsonBody.ReadAsync<SubmitJobRequest>(request, server.Value.MaxJobRequestBodySize, json.Value.SerializerOptions);
        if (body.Problem is { } problem)
        {
            return new ResultActionResult(problem);
        }

        using (durable.Use(client))
        {
            return new ResultActionResult(await JobsApi.SubmitAsync(body.Value!, tenant, jobs, request.HttpContext.RequestAborted));
        }
    }

    [Function("ListJobs")]
    public async Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs")] HttpRequest request)
    {
        var query = request.Query;
        return new ResultActionResult(await JobsApi.ListAsync(
            query["status"], query["kind"], query["createdFrom"], query["createdTo"], query["continuationToken"], query["pageSize"],
            tenant, jobs, request.HttpContext.RequestAborted));
    }

    [Function("GetJob")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/{id}")] HttpRequest request, string id) =>
        new ResultActionResult(await JobsApi.GetAsync(id, tenant, jobs, request.HttpContext.RequestAborted));

    [Function("GetJobItems")]
    public async Task<IActionResult> GetItemsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "jobs/{id}/items")] HttpRequest request, string id)
    {
        var query = request.Query;
        return new ResultActionResult(await JobsApi.GetItemsAsync(
            id, query["status"], query["continuationToken"], query["pageSize"], tenant, jobs, request.HttpContext.RequestAborted));
    }

    [Function("CancelJob")]
    public async Task<IActionResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs/{id}/cancel")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client)
    {
        using (durable.Use(client))
        {
            return new ResultActionResult(await JobsApi.CancelAsync(id, tenant, jobs, request.HttpContext.RequestAborted));
        }
    }

    [Function("RetryJob")]
    public async Task<IActionResult> RetryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "jobs/{id}/retry")] HttpRequest request, string id,
        [DurableClient] DurableTaskClient client)
    {
        using (durable.Use(client))
        {
            return new ResultActionResult(await JobRetryApi.RetryAsync(id, tenant, jobs, request.HttpContext.RequestAborted));
        }
    }
}
