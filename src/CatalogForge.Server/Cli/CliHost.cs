using CatalogForge.Core;

namespace CatalogForge.Server.Cli;

/// <summary>
/// The host a CLI command runs Core in: configured like the Server (appsettings, environment, <c>--Section:Key=value</c>
/// arguments), logging to stderr only so stdout carries just the result lines, no engine, never started.
/// </summary>
internal static class CliHost
{
    public static IHost Build(string[] configurationArgs)
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

        // Core without an engine: the job services, which need one, are never resolved here.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true }));
        return builder.Build();
    }
}
