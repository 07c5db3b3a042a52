using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Support;

/// <summary>
/// TestServer requests carry no remote address; this sets one (loopback unless the request names another in
/// <see cref="Header"/>) before the Server's pipeline sees the request, so address-based rules can be tested.
/// </summary>
internal sealed class RemoteAddress : IStartupFilter
{
    public const string Header = "x-test-remote-address";

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter, RemoteAddress>();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(Header, out var named)
                ? IPAddress.Parse(named.ToString())
                : IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
