using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Perception;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CatalogForge.Api.Endpoints;

/// <summary><c>/api/catalog/brand-profile</c>: the caller's brand, competitors and perception probes.</summary>
public static class BrandProfileApi
{
    /// <summary>Largest accepted body of a settings request (brand profile, webhook), in bytes.</summary>
    public const long MaxSettingsBodySize = 64 * 1024;

    public static RouteGroupBuilder MapBrandProfileApi(this IEndpointRouteBuilder routes)
    {
        var profile = routes.MapGroup("/catalog/brand-profile").WithTags("Catalog");
        profile.MapGet("/", GetAsync).WithName("GetBrandProfile");
        profile.MapPut("/", PutAsync).WithName("PutBrandProfile")
            .WithMetadata(new JobsApi.RequestBodySizeLimit(MaxSettingsBodySize));
        return profile;
    }

    public static async Task<Results<Ok<BrandProfileView>, NotFound>> GetAsync(
        TenantContext tenant, BrandProfileStore profiles, CancellationToken cancellationToken) =>
        await profiles.GetAsync(tenant.TenantId, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.NotFound();

    public static async Task<Results<Ok<BrandProfileView>, ValidationProblem>> PutAsync(
        BrandProfileRequest request, TenantContext tenant, BrandProfileStore profiles, CancellationToken cancellationToken)
    {
        var (profile, errors) = BrandProfileRules.Validate(request);
        if (profile is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The brand profile is not valid");
        }

        return TypedResults.Ok(await profiles.PutAsync(tenant.TenantId, profile, cancellationToken));
    }
}
