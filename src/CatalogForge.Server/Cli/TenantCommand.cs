using CatalogForge.Core;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Tenancy;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Cli;

/// <summary>
/// <c>tenant create &lt;name&gt; [--Section:Key=value ...]</c>: creates a tenant and prints its id and API key, then exits.
/// Builds a plain host with Core only (no web listener, no orchestration engine) and never starts it, so no hosted
/// service runs.
/// </summary>
public static class TenantCommand
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public const string Usage =
        """
        usage: CatalogForge.Server tenant create <name> [--Section:Key=value ...]

          Creates a tenant and prints two lines on stdout:
            tenant: <tenantId>
            api-key: <key>
          The API key is shown once; only its hash is stored.
          Configuration comes from appsettings.json, appsettings.{Environment}.json, environment variables
          and the --Section:Key=value arguments (e.g. --Storage:ConnectionString=UseDevelopmentStorage=true).
        """;

    /// <summary>True when the command line asks for the CLI rather than the web host.</summary>
    public static bool Handles(string[] args) =>
        args.Length > 0 && string.Equals(args[0], "tenant", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (args.Length < 3
            || !string.Equals(args[0], "tenant", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(args[1], "create", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(args[2])
            || args[2].StartsWith('-')
            || args.Skip(3).Any(arg => !arg.StartsWith("--", StringComparison.Ordinal)))
        {
            await stderr.WriteLineAsync(Usage);
            return ExitUsage;
        }

        var name = args[2].Trim();
        try
        {
            using var host = BuildHost(args[3..]);
            var storage = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.InitializeOnStart)
            {
                await host.Services.GetRequiredService<StorageInitializer>().InitializeAsync(cancellationToken);
            }

            var created = await host.Services.GetRequiredService<ITenantDirectory>().CreateAsync(name, cancellationToken);
            await stdout.WriteLineAsync($"tenant: {created.TenantId}");
            await stdout.WriteLineAsync($"api-key: {created.ApiKey}");
            await stdout.FlushAsync(cancellationToken);
            await stderr.WriteLineAsync("The API key is shown only this once; store it now. Only its hash is kept.");
            return ExitOk;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await stderr.WriteLineAsync($"tenant create failed: {exception.GetType().Name}: {exception.Message}");
            return ExitFailed;
        }
    }

    private static IHost BuildHost(string[] configurationArgs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environments.Production,
        });

        // stdout carries exactly the two result lines; every log line goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.AddCatalogForgeCore();

        // Core without an engine: the job services, which need one, are never resolved here, so the container is not
        // asked to prove it could build them (Development turns that check on).
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true }));
        return builder.Build();
    }
}
