extern alias AiEmulator;

using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Tenancy;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Support;

/// <summary>
/// One test's world: a private AI emulator on a free port and a Server wired to it and to the assembly's Azurite.
/// Each test gets its own emulator, so latency settings and request logs never leak between tests running in parallel.
/// </summary>
internal sealed class ServerTestEnvironment : IAsyncDisposable
{
    private ServerTestEnvironment(AzuriteFixture azurite, EmulatorHost emulator, ServerFactory server)
    {
        Azurite = azurite;
        Emulator = emulator;
        Server = server;
        Storage = new Storage(azurite.ConnectionString);
    }

    public AzuriteFixture Azurite { get; }

    public EmulatorHost Emulator { get; }

    public ServerFactory Server { get; }

    public Storage Storage { get; }

    public static async Task<ServerTestEnvironment> StartAsync(
        AzuriteFixture azurite,
        EmulatorOptions? emulatorOptions = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureTestServices = null)
    {
        var emulator = await EmulatorHost.StartAsync(emulatorOptions, 0, TestContext.Current.CancellationToken);
        var server = new ServerFactory(azurite.ConnectionString, emulator.BaseUri, settings, configureTestServices);
        return new ServerTestEnvironment(azurite, emulator, server);
    }

    /// <summary>A second Server (same Azurite, same emulator, same task hub), e.g. the host that resumes after a restart.</summary>
    public ServerFactory NewServer(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(Azurite.ConnectionString, Emulator.BaseUri,
            new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["DurableTask:TaskHub"] = Server.TaskHub });

    /// <summary>Creates a tenant with a unique name and returns it with a client that sends its key.</summary>
    public async Task<(CreatedTenant Tenant, HttpClient Client)> CreateTenantClientAsync(string name, ServerFactory? server = null)
    {
        server ??= Server;
        var tenant = await server.CreateTenantAsync($"{name}-{Guid.NewGuid():N}", TestContext.Current.CancellationToken);
        return (tenant, server.CreateClient(tenant.ApiKey));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
