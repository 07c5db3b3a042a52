using CatalogForge.Api.Endpoints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CatalogForge.Functions.Http;

/// <summary><c>GET /api/health</c> and <c>GET /api/readiness</c>: the Server's <see cref="HealthApi"/>, anonymous.</summary>
public sealed class HealthFunctions(HealthCheckService health)
{
    public static readonly IReadOnlySet<string> Anonymous = new HashSet<string>(StringComparer.Ordinal) { "Health", "Readiness", OpenApiFunctions.FunctionName, UnknownRouteFunction.Name };

    [Function("Health")]
    public IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        new ResultActionResult(HealthApi.GetHealth());

    [Function("Readiness")]
    public async Task<IActionResult> ReadinessAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "readiness")] HttpRequest request) =>
        new ResultActionResult(await HealthApi.GetReadinessAsync(health, request.HttpContext, request.HttpContext.RequestAborted));
}
