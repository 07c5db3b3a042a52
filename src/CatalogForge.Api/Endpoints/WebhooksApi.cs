using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Alerts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CatalogForge.Api.Endpoints;

/// <summary>Body of <c>POST /api/catalog/webhooks</c>.</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateWebhookRequest(string? Url);

/// <summary>
/// <c>/api/catalog/webhooks</c>: where the caller's alerts are POSTed. Create answers the signing secret once; the list
/// never shows it. A URL that is not https (http only for loopback in Development) or resolves to a private, loopback,
/// link-local, multicast or reserved address is refused naming <c>url</c>.
/// </summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapGroup("/catalog/webhooks").WithTags("Catalog");
        webhooks.MapPost("/", CreateAsync).WithName("CreateWebhook")
            .WithMetadata(new JobsApi.RequestBodySizeLimit(BrandProfileApi.MaxSettingsBodySize));
        webhooks.MapGet("/", ListAsync).WithName("ListWebhooks");
        webhooks.MapDelete("/{id}", DeleteAsync).WithName("DeleteWebhook");
        return webhooks;
    }

    public static async Task<Results<Created<WebhookCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateWebhookRequest request, TenantContext tenant, WebhookUrlPolicy policy, WebhookStore store, IOptions<AlertOptions> options,
        CancellationToken cancellationToken)
    {
        if (policy.FormProblem(request.Url, out var url) is { } problem)
        {
            return UrlProblem(problem);
        }

        try
        {
            await policy.ResolveAsync(url!.IdnHost, cancellationToken);
        }
        catch (WebhookAddressException ex)
        {
            return UrlProblem(ex.Message);
        }

        if (await store.CreateAsync(tenant.TenantId, url, cancellationToken) is not { } created)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The tenant has as many webhooks as allowed",
                detail: $"At most {options.Value.MaxWebhooksPerTenant} webhooks per tenant; delete one first.");
        }

        return TypedResults.Created($"/api/catalog/webhooks/{created.WebhookId}", created);
    }

    public static async Task<Ok<IReadOnlyList<WebhookView>>> ListAsync(TenantContext tenant, WebhookStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(tenant.TenantId, cancellationToken));

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(
        string id, TenantContext tenant, WebhookStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(tenant.TenantId, id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static ValidationProblem UrlProblem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [message] }, title: "The webhook is not valid");
}
