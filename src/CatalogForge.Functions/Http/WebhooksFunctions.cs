using CatalogForge.Api.Endpoints;
using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Alerts;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace CatalogForge.Functions.Http;

/// <summary><c>/api/catalog/webhooks</c>: the Server's <see cref="WebhooksApi"/> handlers.</summary>
public sealed class WebhooksFunctions(
    WebhookUrlPolicy policy, WebhookStore store, IOptions<AlertOptions> options, TenantContext tenant, IOptions<HttpJsonOptions> json)
{
    [Function("CreateWebhook")]
    public async Task<IActionResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "catalog/webhooks")] HttpRequest request)
    {
        var body = await JsonBody.ReadAsync<CreateWebhookRequest>(request, BrandProfileApi.MaxSettingsBodySize, json.Value.SerializerOptions);
        return body.Problem is { } problem
            ? new ResultActionResult(problem)
            : new ResultActionResult(await WebhooksApi.CreateAsync(body.Value!, tenant, policy, store, options, request.HttpContext.RequestAborted));
    }

    [Function("ListWebhooks")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/webhooks")] HttpRequest request) =>
        new ResultActionResult(await WebhooksApi.ListAsync(tenant, store, request.HttpContext.RequestAborted));

    [Function("DeleteWebhook")]
    public async Task<IActionResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "catalog/webhooks/{id}")] HttpRequest request, string id) =>
        new ResultActionResult(await WebhooksApi.DeleteAsync(id, tenant, store, request.HttpContext.RequestAborted));
}
