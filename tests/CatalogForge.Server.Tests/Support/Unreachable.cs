using System.Net;
using System.Net.Sockets;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CatalogForge.Server.Tests.Support;

/// <summary>Dependencies that do not answer: loopback ports nothing listens on.</summary>
internal static class Unreachable
{
    /// <summary>A loopback port nothing listens on (bound once to get a free number, then released).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>An Azurite-style connection string whose blob, queue and table endpoints are all <paramref name="port"/>.</summary>
    public static string StorageConnectionString(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    /// <summary>
    /// A Server whose storage and AI endpoints are both <paramref name="port"/>; nothing is created at start. Its
    /// background services (engine, ingest listener) fail once storage keeps refusing them; the host is told to outlive
    /// them so the API can be asked how it answers during the outage.
    /// </summary>
    public static ServerFactory Server(int port) =>
        new(StorageConnectionString(port), new Uri($"http://127.0.0.1:{port}/"),
            new Dictionary<string, string?> { ["Storage:InitializeOnStart"] = "false" },
            services => services.Configure<HostOptions>(options =>
                options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore));

    /// <summary>An answer about an unreachable dependency names neither where it points nor what was thrown.</summary>
    public static void AssertNoInternals(string raw, int port)
    {
        foreach (var leak in new[] { "http://", "127.0.0.1", $":{port}", "Exception", "Retry failed", "refused", "   at " })
        {
            Assert.DoesNotContain(leak, raw, StringComparison.OrdinalIgnoreCase);
        }
    }
}
