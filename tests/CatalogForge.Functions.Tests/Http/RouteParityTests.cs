using System.Reflection;
using CatalogForge.Functions.Http;
using CatalogForge.Testing;
using Microsoft.Azure.Functions.Worker;

namespace CatalogForge.Functions.Tests.Http;

/// <summary>
/// The Functions app serves exactly the routes of the checked-in list (<c>tests/api-routes.txt</c>), which the Server's
/// test holds the Server to: the two hosts expose the same API.
/// </summary>
public sealed class RouteParityTests
{
    /// <summary>host.json <c>extensions.http.routePrefix</c>.</summary>
    private const string RoutePrefix = "api";

    [Fact]
    public void Functions_HTTP_triggers_match_the_checked_in_route_list()
    {
        var routes = typeof(JobsFunctions).Assembly.GetTypes()
            .SelectMany(type => type.GetMethods())
            .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(method => method.GetParameters())
            .Select(parameter => parameter.GetCustomAttribute<HttpTriggerAttribute>())
            .OfType<HttpTriggerAttribute>()
            .Where(trigger => trigger.Route != UnknownRouteFunction.Route) // the catch-all that answers unknown routes with 404
            .SelectMany(trigger => (trigger.Methods ?? []).Select(method => ApiRouteList.Format(method, $"{RoutePrefix}/{trigger.Route}")));

        Assert.Equal(ApiRouteList.Read(), ApiRouteList.Sort(routes));
    }

    [Fact]
    public void The_route_prefix_is_the_one_host_json_sets()
    {
        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json")));

        Assert.Equal(RoutePrefix, hostJson.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }
}
