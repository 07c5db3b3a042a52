using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Api.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CatalogForge.Api.Endpoints;

/// <summary><c>/api/usage</c>: the caller's model usage and cost per day and model, from the usage ledger.</summary>
public static class UsageApi
{
    public static RouteGroupBuilder MapUsageApi(this IEndpointRouteBuilder routes)
    {
        var usage = routes.MapGroup("/usage").WithTags("Usage");
        usage.MapGet("/", GetAsync).WithName("GetUsage");
        return usage;
    }

    /// <summary><c>from</c> and <c>to</c> are UTC days (yyyy-MM-dd), inclusive; default: the last 30 days.</summary>
    public static async Task<Results<Ok<UsageReportResult>, ValidationProblem>> GetAsync(
        string? from, string? to, TenantContext tenant, UsageReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = new QueryValues();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var last = query.Date("to", to, today);
        var first = query.Date("from", from, last.AddDays(-29));
        if (query.IsValid && last < first)
        {
            query.Fail("to", "'to' must not be before 'from'.");
        }
        else if (query.IsValid && last.DayNumber - first.DayNumber + 1 > UsageReport.MaxDays)
        {
            query.Fail("from", $"A usage report covers at most {UsageReport.MaxDays} days.");
        }

        if (!query.IsValid)
        {
            return TypedResults.ValidationProblem(query.Errors);
        }

        return TypedResults.Ok(await report.GetAsync(tenant.TenantId, first, last, cancellationToken));
    }
}
