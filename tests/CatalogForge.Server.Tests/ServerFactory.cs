using CatalogForge.Core.Tenancy;
using CatalogForge.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Server.Tests;

/// <summary>
/// The real Server (Program) on a TestServer, wired to a real Azurite and a real AI emulator over HTTP.
/// Settings go in through <c>UseSetting</c>, which WebApplicationFactory hands to Program as command-line
/// arguments, so they are visible even to configuration read while services are registered.
/// </summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    /// <summary>Low on purpose, so the "too many items" case needs only a small body.</summary>
    public const int MaxItemsPerJob = 20;

    /// <summary>Low on purpose, so the "oversized field" case needs only a small body.</summary>
    public const int MaxFieldLength = 2000;

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureTestServices;
    private readonly ITestOutputHelper? _output;

    public ServerFactory(
        string storageConnectionString,
        Uri aiEndpoint,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureTestServices = null)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:ConnectionString"] = storageConnectionString,
            ["Storage:InitializeOnStart"] = "true",
            ["Ai:Providers:emulator:Kind"] = "Emulator",
            ["Ai:Providers:emulator:Endpoint"] = aiEndpoint.ToString(),
            // Every Server gets a task hub of its own, so test hosts sharing one Azurite never run each other's
            // orchestrations; a test that restarts or scales a Server passes the hub on (ServerTestEnvironment.NewServer).
            ["DurableTask:TaskHub"] = NewTaskHubName(),
            // The sweep starts every tenant's Pending jobs in the account: other tests' jobs, here. Its own tests turn it on.
            ["PendingJobSweep:Enabled"] = "false",
            // Likewise the nightly scheduler starts every tenant's run of the day; its own tests turn it on.
            ["Nightly:SchedulerEnabled"] = "false",
            ["Jobs:MaxItemsPerJob"] = MaxItemsPerJob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Jobs:MaxFieldLength"] = MaxFieldLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _configureTestServices = configureTestServices;
        _output = TestContext.Current.TestOutputHelper;
    }

    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public string TaskHub => _settings["DurableTask:TaskHub"]!;

    public static string NewTaskHubName() => $"test{Guid.NewGuid():N}"[..24];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Development);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            if (_output is not null)
            {
                logging.AddProvider(new TestOutputLoggerProvider(_output));
            }
        });

        if (_configureTestServices is not null)
        {
            builder.ConfigureTestServices(_configureTestServices);
        }
    }

    /// <summary>A new tenant created straight through Core's directory, as the CLI would.</summary>
    public Task<CreatedTenant> CreateTenantAsync(string name, CancellationToken cancellationToken) =>
        Services.GetRequiredService<ITenantDirectory>().CreateAsync(name, cancellationToken);

    /// <summary>A client that sends <paramref name="apiKey"/> in <c>x-api-key</c> (none when null).</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }
}
