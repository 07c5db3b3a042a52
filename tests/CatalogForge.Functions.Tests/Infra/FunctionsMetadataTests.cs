using System.Reflection;
using System.Text.Json;
using CatalogForge.Testing;

namespace CatalogForge.Functions.Tests.Infra;

/// <summary>
/// The <c>functions.metadata</c> the Worker SDK writes into the Functions app's build output is what the Functions host
/// indexes: it must list exactly the functions below, each with its trigger and bindings. The list is written out here on
/// purpose, so a function renamed, dropped or added in the app fails this test until the list says so too; the HTTP
/// routes are also held to the checked-in route list (<c>tests/api-routes.txt</c>) that the Server's routes follow.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private const string Http = "httpTrigger";
    private const string Queue = "queueTrigger";
    private const string Timer = "timerTrigger";
    private const string Orchestration = "orchestrationTrigger";
    private const string Activity = "activityTrigger";

    /// <summary>
    /// Every function of the app: name, trigger type, the route of an HTTP trigger (in <see cref="ApiRouteList"/> form),
    /// and whether it binds a Durable client.
    /// </summary>
    private static readonly ExpectedFunction[] Expected =
    [
        new("Health", Http, "GET /api/health"),
        new("Readiness", Http, "GET /api/readiness"),
        new("SubmitJob", Http, "POST /api/jobs", DurableClient: true),
        new("ListJobs", Http, "GET /api/jobs"),
        new("GetJob", Http, "GET /api/jobs/{}"),
        new("GetJobItems", Http, "GET /api/jobs/{}/items"),
        new("CancelJob", Http, "POST /api/jobs/{}/cancel", DurableClient: true),
        new("RetryJob", Http, "POST /api/jobs/{}/retry", DurableClient: true),
        new("ListProducts", Http, "GET /api/products"),
        new("SearchProducts", Http, "GET /api/products/search"),
        new("GetProduct", Http, "GET /api/products/{}"),
        new("GetProductImage", Http, "GET /api/products/{}/image"),
        new("GetSimilarProducts", Http, "GET /api/products/{}/similar"),
        new("GetUsage", Http, "GET /api/usage"),
        new("GetBrandProfile", Http, "GET /api/catalog/brand-profile"),
        new("PutBrandProfile", Http, "PUT /api/catalog/brand-profile"),
        new("CreateWebhook", Http, "POST /api/catalog/webhooks"),
        new("ListWebhooks", Http, "GET /api/catalog/webhooks"),
        new("DeleteWebhook", Http, "DELETE /api/catalog/webhooks/{}"),
        new("GetCatalogDuplicates", Http, "GET /api/catalog/duplicates"),
        new("GetCatalogInsights", Http, "GET /api/catalog/insights"),
        new("ListCatalogAlerts", Http, "GET /api/catalog/alerts"),
        new("ListNightlyRuns", Http, "GET /api/catalog/runs"),
        new("GetNightlyRun", Http, "GET /api/catalog/runs/{}"),
        new("RefreshCatalog", Http, "POST /api/catalog/refresh", DurableClient: true),
        new("GetOpenApiDocument", Http, "GET /api/openapi/v1.json"),

        // The catch-all that answers unknown routes (every method) with 404 ProblemDetails; not an API route.
        new("UnknownRoute", Http),

        new("IngestQueue", Queue, DurableClient: true),
        new("AlertQueue", Queue),
        new("PendingJobSweep", Timer, DurableClient: true),
        new("NightlySchedule", Timer, DurableClient: true),

        new("ProductJobOrchestrator", Orchestration),
        new("ProductChunkOrchestrator", Orchestration),

        // src/CatalogForge.Functions/Durable/PipelineActivities.cs
        new("StartJobActivity", Activity),
        new("GenerateContentActivity", Activity),
        new("EmbedProductActivity", Activity),
        new("RenderImageActivity", Activity),
        new("SaveProductActivity", Activity),
        new("RecordItemFailureActivity", Activity),
        new("CancelItemsActivity", Activity),
        new("UpdateJobProgressActivity", Activity),
        new("CompleteJobActivity", Activity),
        new("ListRetryItemsActivity", Activity),
        new("FailJobActivity", Activity),

        // src/CatalogForge.Functions/Nightly/
        new("NightlyRunOrchestrator", Orchestration),
        new("StartNightlyRunActivity", Activity),
        new("RefreshEmbeddingsActivity", Activity),
        new("ProbePerceptionActivity", Activity),
        new("ComputeSnapshotActivity", Activity),
        new("RaiseAlertsActivity", Activity),
        new("PublishSnapshotActivity", Activity),
        new("FailNightlyRunActivity", Activity),
    ];

    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> Metadata = new(ReadMetadata);

    /// <summary>host.json <c>extensions.http.routePrefix</c>, from the copy next to functions.metadata that the host reads.</summary>
    private static readonly Lazy<string> RoutePrefix = new(() =>
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "host.json")));
        return hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString()!;
    });

    public static TheoryData<string> ExpectedNames() => new(Expected.Select(function => function.Name));

    public static TheoryData<string> HttpNames() =>
        new(Expected.Where(function => function.Trigger == Http && function.Route is not null).Select(function => function.Name));

    [Fact]
    public void The_metadata_lists_exactly_the_expected_functions_once_each()
    {
        var names = ReadFunctions().Select(function => function.GetProperty("name").GetString()!).ToList();

        Assert.Equal(Expected.Select(function => function.Name).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ExpectedNames))]
    public void Each_function_has_its_trigger_and_no_other_binding_than_expected(string name)
    {
        var expected = Expected.Single(function => function.Name == name);
        var function = Function(name);

        Assert.Equal("CatalogForge.Functions.dll", function.GetProperty("scriptFile").GetString());
        Assert.Equal("dotnet-isolated", function.GetProperty("language").GetString());
        var bindings = Bindings(function).Select(b => $"{b.GetProperty("type").GetString()} {b.GetProperty("direction").GetString()}");
        Assert.Equal(expected.Bindings(), bindings.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HttpNames))]
    public void Each_HTTP_trigger_is_anonymous_with_one_method_on_its_route(string name)
    {
        var trigger = Trigger(Function(name));

        // Tenancy is the API-key middleware's (ApiKeyTenancyMiddleware), not the host's function keys.
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(Expected.Single(function => function.Name == name).Route, Assert.Single(HttpRoutes(trigger)));
    }

    [Fact]
    public void The_HTTP_triggers_serve_exactly_the_checked_in_route_list()
    {
        var routes = ReadFunctions().Select(Trigger)
            .Where(trigger => trigger.GetProperty("type").GetString() == Http)
            .Where(trigger => trigger.GetProperty("route").GetString() != Functions.Http.UnknownRouteFunction.Route)
            .SelectMany(HttpRoutes);

        Assert.Equal(ApiRouteList.Read(), ApiRouteList.Sort(routes));
    }

    [Fact]
    public void The_queue_trigger_reads_the_ingest_queue_through_the_host_storage_connection()
    {
        var trigger = Trigger(Function("IngestQueue"));

        Assert.Equal("ingest", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
    }

    [Theory]
    [InlineData("PendingJobSweep", "%PendingJobSweepSchedule%")]
    [InlineData("NightlySchedule", "%NightlySchedule%")]
    public void Each_timer_trigger_takes_its_schedule_from_its_app_setting(string name, string schedule)
    {
        var trigger = Trigger(Function(name));

        Assert.Equal(schedule, trigger.GetProperty("schedule").GetString());
        Assert.False(trigger.TryGetProperty("runOnStartup", out var runOnStartup) && runOnStartup.GetBoolean(),
            "RunOnStartup fires on every scale-out and restart.");
    }

    private static JsonElement Function(string name) =>
        Metadata.Value.TryGetValue(name, out var function)
            ? function
            : throw new Xunit.Sdk.XunitException($"functions.metadata has no function '{name}'.");

    private static IEnumerable<JsonElement> Bindings(JsonElement function) => function.GetProperty("bindings").EnumerateArray();

    /// <summary>The function's one trigger binding (the Functions host allows exactly one).</summary>
    private static JsonElement Trigger(JsonElement function) =>
        Assert.Single(Bindings(function), binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    /// <summary>An HTTP trigger's method and route pairs, with the host.json route prefix, in <see cref="ApiRouteList"/> form.</summary>
    private static IEnumerable<string> HttpRoutes(JsonElement trigger)
    {
        // An HTTP trigger without "methods" accepts every method: the route list cannot describe that, so it must not happen.
        List<string> methods = trigger.TryGetProperty("methods", out var list) ? [.. list.EnumerateArray().Select(m => m.GetString()!)] : ["*"];
        var route = trigger.GetProperty("route").GetString();
        return methods.Select(method => ApiRouteList.Format(method, $"{RoutePrefix.Value}/{route}"));
    }

    /// <summary>
    /// The Functions app's build output for this test build's configuration and target framework,
    /// <c>src/CatalogForge.Functions/bin/{Configuration}/{TargetFramework}</c>: the test project references the app, so
    /// building the tests builds the app and regenerates its functions.metadata there.
    /// </summary>
    private static string OutputDirectory
    {
        get
        {
            var configuration = typeof(FunctionsMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
                ?? throw new InvalidOperationException("The test assembly has no AssemblyConfiguration attribute.");
            var targetFramework = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            return Path.Combine(RepositoryRoot.Path, "src", "CatalogForge.Functions", "bin", configuration, targetFramework);
        }
    }

    private static List<JsonElement> ReadFunctions()
    {
        var path = Path.Combine(OutputDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"No {path}: the Worker SDK writes it when it builds the Functions app.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(function => function.Clone()).ToList();
    }

    private static IReadOnlyDictionary<string, JsonElement> ReadMetadata() =>
        ReadFunctions().ToDictionary(function => function.GetProperty("name").GetString()!, StringComparer.Ordinal);

    private sealed record ExpectedFunction(string Name, string Trigger, string? Route = null, bool DurableClient = false)
    {
        /// <summary>"type direction" of every binding, sorted: the trigger, the Durable client, and an HTTP trigger's response.</summary>
        public IEnumerable<string> Bindings()
        {
            List<string> bindings = [$"{Trigger} In"];
            if (DurableClient)
            {
                bindings.Add("durableClient In");
            }

            if (Trigger == Http)
            {
                bindings.Add("http Out");
            }

            return bindings.Order(StringComparer.Ordinal);
        }
    }
}
