using CatalogForge.Core;
using CatalogForge.Core.Storage;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Cli;

/// <summary>
/// The host behind the <c>tenant</c> commands: Core only (no web listener, no orchestration engine), built but never
/// started, so no hosted service runs. Logs go to stderr; stdout carries only the commands' results.
/// </summary>
internal static class CliHost
{
    /// <summary>Builds the host from <c>--Section:Key=value</c> arguments and creates the storage when configured to.</summary>
    public static async Task<IHost> StartAsync(string[] configurationArgs, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environments.Production,
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.AddCatalogForgeCore();

        // Core without an engine: the job services, which need one, are never resolved here, so the container is not
        // asked to prove it could build them (Development turns that check on).
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true }));
        var host = builder.Build();
        try
        {
            if (host.Services.GetRequiredService<IOptions<StorageOptions>>().Value.InitializeOnStart)
            {
                await host.Services.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
            }

            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="arg"/> is a configuration argument (<c>--Section:Key=value</c>).</summary>
    public static bool IsConfigurationArg(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal);
}
