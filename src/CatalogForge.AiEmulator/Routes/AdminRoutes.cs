using System.Text.Json;
using System.Text.Json.Nodes;

namespace CatalogForge.AiEmulator.Routes;

/// <summary>Inspection and run-time control for tests and benchmarks.</summary>
internal static partial class AdminRoutes
{
    public static IEndpointRouteBuilder MapAdminRoutes(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin");
        admin.MapGet("/counters", (EmulatorState state) => Results.Json(state.Snapshot(), AdminJson.Options));
        admin.MapPost("/reset", (EmulatorState state) =>
        {
            state.Reset();
            return Results.Json(new AdminStatus("reset"), AdminJson.Options);
        });
        admin.MapGet("/requests", GetRequests);
        admin.MapGet("/deployments", (EmulatorState state) =>
            Results.Json(new DeploymentsView(state.Defaults, state.Deployments), AdminJson.Options));
        admin.MapGet("/deployments/{name}", (string name, EmulatorState state) => Results.Json(state.GetSettings(name), AdminJson.Options));
        admin.MapPut("/deployments/{name}", PutDeploymentAsync);
        return endpoints;
    }

    /// <param name="take">Only the newest N entries (still oldest first).</param>
    private static IResult GetRequests(EmulatorState state, string? kind = null, string? deployment = null, int? take = null)
    {
        IEnumerable<RecordedRequest> requests = state.Requests;
        if (kind is not null)
        {
            if (!Enum.TryParse<RequestKind>(kind, ignoreCase: true, out var wanted))
            {
                return Results.Json(new AdminError($"Unknown kind '{kind}'. Use chat, embeddings or images."), AdminJson.Options, statusCode: StatusCodes.Status400BadRequest);
            }

            requests = requests.Where(request => request.Kind == wanted);
        }

        if (deployment is not null)
        {
            requests = requests.Where(request => request.Deployment.Equals(deployment, StringComparison.OrdinalIgnoreCase));
        }

        var list = requests.ToList();
        if (take is >= 0 && take < list.Count)
        {
            list = list[^take.Value..];
        }

        return Results.Json(list, AdminJson.Options);
    }

    private static async Task<IResult> PutDeploymentAsync(string name, HttpRequest request, EmulatorState state, ILoggerFactory loggers)
    {
        DeploymentSettings settings;
        try
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            settings = DeploymentSettingsPatch.Apply(state.Defaults, body);
            state.Configure(name, settings);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            return Results.Json(new AdminError(exception.Message), AdminJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }

        LogReconfigured(loggers.CreateLogger(typeof(AdminRoutes)), name);
        return Results.Json(state.GetSettings(name), AdminJson.Options);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Deployment} reconfigured through the admin API")]
    private static partial void LogReconfigured(ILogger logger, string deployment);

    private sealed record AdminStatus(string Status);

    private sealed record AdminError(string Error);

    private sealed record DeploymentsView(DeploymentSettings Defaults, IReadOnlyDictionary<string, DeploymentSettings> Deployments);
}
