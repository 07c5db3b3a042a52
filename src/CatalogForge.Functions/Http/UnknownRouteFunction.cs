using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Http;

/// <summary>
/// Every request no other HTTP trigger takes: 404 ProblemDetails, as the Server answers an unknown route, instead of the
/// host's empty 404. A catch-all route has the lowest precedence, so it never shadows a real route; it is anonymous
/// (<see cref="HealthFunctions.Anonymous"/>) because an unknown route names no tenant's resource.
/// </summary>
public sealed class UnknownRouteFunction
{
    public const string Name = "UnknownRoute";

    public const string Route = "{*path}";

    public const string Detail = "No API route matches this path. The routes are listed in the API reference.";

    [Function(Name)]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = Route)] HttpRequest request) =>
        new ResultActionResult(TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: Detail));
}
