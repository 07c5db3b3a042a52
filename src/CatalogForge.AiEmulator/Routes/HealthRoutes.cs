namespace CatalogForge.AiEmulator.Routes;

internal static class HealthRoutes
{
    public static IEndpointRouteBuilder MapHealthRoutes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", () => Results.Json(new HealthStatus("ok")));
        return endpoints;
    }

    private sealed record HealthStatus(string Status);
}
