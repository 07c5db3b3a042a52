using CatalogForge.Core.Tenancy;

namespace CatalogForge.Server.Cli;

/// <summary>
/// <c>tenant create &lt;name&gt; [--Section:Key=value ...]</c>: creates a tenant and prints its id and API key, then exits;
/// <c>tenant key …</c> goes to <see cref="TenantKeyCommand"/>. Runs on <see cref="CliHost"/>, which never starts.
/// </summary>
public static class TenantCommand
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public const string Usage =
        """
        usage: CatalogForge.Server tenant create <name> [--Section:Key=value ...]
               CatalogForge.Server tenant key add <tenantId> --name <name> [--expires-days <1-3650>] [--Section:Key=value ...]
               CatalogForge.Server tenant key list <tenantId> [--Section:Key=value ...]
               CatalogForge.Server tenant key revoke <tenantId> <keyId> [--Section:Key=value ...]

          tenant create prints two lines on stdout:
            tenant: <tenantId>
            api-key: <key>
          tenant key add prints "key-id: <keyId>" and "api-key: <key>"; key list prints one tab-separated line per
          key (id, name, created, last-used, expires, status; never the key); key revoke prints "revoked: <keyId>".
          An API key is shown once; only its hash is stored.
          Configuration comes from appsettings.json, appsettings.{Environment}.json, environment variables
          and the --Section:Key=value arguments (e.g. --Storage:ConnectionString=UseDevelopmentStorage=true).
        """;

    /// <summary>True when the command line asks for the CLI rather than the web host.</summary>
    public static bool Handles(string[] args) =>
        args.Length > 0 && string.Equals(args[0], "tenant", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (args.Length >= 2
            && string.Equals(args[0], "tenant", StringComparison.OrdinalIgnoreCase)
            && string.Equals(args[1], "key", StringComparison.OrdinalIgnoreCase))
        {
            return await TenantKeyCommand.RunAsync(args[2..], stdout, stderr, cancellationToken);
        }

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
            using var host = await CliHost.StartAsync(args[3..], cancellationToken);
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
}
