using CatalogForge.Api;
using CatalogForge.Core;
using CatalogForge.Functions.Hosting;
using CatalogForge.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NSubstitute;

namespace CatalogForge.Functions.Tests.Support;

/// <summary>
/// The Functions app's services (Core, the API and <see cref="FunctionsHostingExtensions.AddFunctionsServices"/>) on a plain host,
/// against the real Azurite; the Durable side is a substitute <see cref="DurableTaskClient"/> that records what it is asked.
/// </summary>
public sealed class FunctionsServices : IAsyncDisposable
{
    private readonly IHost _host;

    private FunctionsServices(IHost host)
    {
        _host = host;
        Client = Substitute.For<DurableTaskClient>("test");
        Client.GetInstanceAsync(Arg.Any<string>(), Arg.Any<bool>(), Arg.Any<CancellationToken>()).Returns((OrchestrationMetadata?)null);
        Client.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .Returns(call => call.ArgAt<StartOrchestrationOptions?>(2)!.InstanceId!);
    }

    public IServiceProvider Services => _host.Services;

    public DurableTaskClient Client { get; }

    /// <summary>Builds and starts the host; <paramref name="settings"/> add to or override the defaults.</summary>
    public static async Task<FunctionsServices> StartAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        var config = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:InitializeOnStart"] = "true",
            ["Ai:Providers:emulator:Kind"] = "Emulator",
            // Nothing here calls a model; a closed port makes sure of it.
            ["Ai:Providers:emulator:Endpoint"] = "http://127.0.0.1:9/",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddCatalogForgeCore();
        builder.AddCatalogForgeApi();
        builder.Services.AddFunctionsServices();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new FunctionsServices(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
