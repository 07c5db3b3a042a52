using CatalogForge.Api;
using CatalogForge.Core;
using CatalogForge.Server.Hosting;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>
/// The Server's routes are exactly the checked-in list <c>tests/api-routes.txt</c>, which the Functions app's
/// parity test also reads: the two hosts cannot drift apart without one of the tests failing.
/// </summary>
public sealed class ApiRouteListTests
{
    [Fact]
    public void Server_routes_match_the_checked_in_route_list()
    {
        var expected = ApiRouteList.Read();

        var actual = ServerRoutes();

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("/api/jobs/{id}/items", "/api/jobs/{}/items")]
    [InlineData("/api/jobs/{jobId:minlength(1)}", "/api/jobs/{}")]
    [InlineData("/api/jobs/", "/api/jobs")]
    [InlineData("api/usage", "/api/usage")]
    public void Route_parameters_and_slashes_are_normalised(string pattern, string normalised) =>
        Assert.Equal(normalised, ApiRouteList.NormalisePath(pattern));

    /// <summary>The endpoints the Server maps, built like Program does but never started (no storage is touched).</summary>
    private static IReadOnlyList<string> ServerRoutes()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddCatalogForgeCore();
        builder.AddCatalogForgeApi();
        builder.AddServerDefaults();
        using var app = builder.Build();
        app.MapCatalogForgeApi();

        var routes = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(method => ApiRouteList.Format(method, endpoint.RoutePattern.RawText ?? string.Empty)));
        return ApiRouteList.Sort(routes);
    }
}
