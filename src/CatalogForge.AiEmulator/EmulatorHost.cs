using System.Net;

namespace CatalogForge.AiEmulator;

/// <summary>
/// The emulator running inside the current process on a loopback port, for tests, benchmarks and the
/// server's offline mode. It reads no configuration files: everything comes from the options given.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private EmulatorHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        State = app.Services.GetRequiredService<EmulatorState>();
    }

    /// <summary>The root address with a trailing slash, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUri { get; }

    public EmulatorState State { get; }

    /// <param name="port">0 picks a free port.</param>
    public static async Task<EmulatorHost> StartAsync(EmulatorOptions? options = null, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        // The empty builder keeps the host process's appsettings, environment and Kestrel settings out of the emulator.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddRouting();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);

        var app = EmulatorApp.Build(builder, options ?? new EmulatorOptions());
        try
        {
            await app.StartAsync(cancellationToken);
            var address = app.ListeningAddresses().First();
            return new EmulatorHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
