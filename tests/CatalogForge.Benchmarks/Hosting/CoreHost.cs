using CatalogForge.Core;
using CatalogForge.Server.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Benchmarks.Hosting;

/// <summary>
/// CatalogForge.Core in this process, as the Server hosts it (storage, AI gateway, the Durable Task engine, job service),
/// wired to the given storage account and AI emulator. Logs go to stderr so stdout keeps only the result line.
/// </summary>
public static class CoreHost
{
    public static async Task<IHost> StartAsync(
        string storageConnectionString,
        Uri aiEndpoint,
        IReadOnlyDictionary<string, string?>? overrides = null,
        Action<HostApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:ConnectionString"] = storageConnectionString,
            ["Storage:InitializeOnStart"] = "true",
            ["Ai:Providers:emulator:Kind"] = "Emulator",
            ["Ai:Providers:emulator:Endpoint"] = aiEndpoint.ToString(),
            // A task hub of its own: nothing another run left in the account is picked up here.
            ["DurableTask:TaskHub"] = $"bench{Guid.NewGuid():N}"[..20],
            // A 1000-item run costs more than a tenant's default daily budget; the benchmarks measure the engine.
            ["Ai:Budgets:DefaultDailyUsd"] = "0",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Polly reports every retried 429 as a warning; the benchmark counts them from the emulator instead.
        builder.Logging.AddFilter("Polly", LogLevel.Error);
        // The budget row's optimistic-concurrency conflicts (412, retried) would drown everything else.
        builder.Logging.AddFilter("Azure", LogLevel.Error);
        builder.AddCatalogForgeCore();
        builder.AddDurableTaskEngine();
        configure?.Invoke(builder);

        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    public static T Get<T>(this IHost host)
        where T : notnull => host.Services.GetRequiredService<T>();
}
