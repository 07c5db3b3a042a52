using CatalogForge.Core;
using CatalogForge.Core.Ingestion.Signing;

namespace CatalogForge.Server.Cli;

/// <summary>
/// <c>ingest-key add|list|revoke &lt;tenantId&gt; ...</c>: a tenant's ingest signing keys (docs/ingestion.md, signed messages),
/// then exits. Like <c>tenant create</c>, a plain host with Core only that is never started.
/// </summary>
public static class IngestKeyCommand
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public const string Usage =
        """
        usage: CatalogForge.Server ingest-key add <tenantId> [--key-id <id>] [--Section:Key=value ...]
               CatalogForge.Server ingest-key list <tenantId> [--Section:Key=value ...]
               CatalogForge.Server ingest-key revoke <tenantId> <keyId> [--Section:Key=value ...]

          add     creates a signing key and prints two lines on stdout:
                    key-id: <keyId>
                    secret: <secret>
                  The secret is shown once. It is kept in Key Vault when Ingestion:KeyVaultUri is set, else in the
                  Tenants table (Azurite only). Key ids: 1 to 32 lower-case letters, digits and inner dashes.
          list    prints one line per key: <keyId> <createdAt> active|revoked <revokedAt> <store>
          revoke  refuses every message signed with the key from now on.
          Rotate with an overlap: add a new key, switch the senders to it, then revoke the old one.
          Configuration as for the Server (appsettings, environment, --Section:Key=value arguments).
        """;

    public static bool Handles(string[] args) =>
        args.Length > 0 && string.Equals(args[0], "ingest-key", StringComparison.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (Parse(args) is not { } command)
        {
            await stderr.WriteLineAsync(Usage);
            return ExitUsage;
        }

        try
        {
            using var host = await CliHost.StartAsync(command.Configuration, cancellationToken);

            var keys = host.Services.GetRequiredService<IngestKeyStore>();
            switch (command.Verb)
            {
                case "add":
                    var created = await keys.AddAsync(command.TenantId, command.KeyId, cancellationToken);
                    await stdout.WriteLineAsync($"key-id: {created.KeyId}");
                    await stdout.WriteLineAsync($"secret: {created.Secret}");
                    await stdout.FlushAsync(cancellationToken);
                    await stderr.WriteLineAsync("The secret is shown only this once; give it to the sender now.");
                    return ExitOk;
                case "list":
                    foreach (var key in await keys.ListAsync(command.TenantId, cancellationToken))
                    {
                        var state = key.RevokedAt is { } revoked ? $"revoked {IngestMessageSigner.FormatTime(revoked)}" : "active -";
                        await stdout.WriteLineAsync($"{key.KeyId} {IngestMessageSigner.FormatTime(key.CreatedAt)} {state} {key.SecretStore}");
                    }

                    return ExitOk;
                default:
                    if (await keys.RevokeAsync(command.TenantId, command.KeyId!, cancellationToken))
                    {
                        await stdout.WriteLineAsync($"revoked: {command.KeyId}");
                        return ExitOk;
                    }

                    await stderr.WriteLineAsync($"ingest-key revoke failed: tenant '{command.TenantId}' has no key '{command.KeyId}'.");
                    return ExitFailed;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await stderr.WriteLineAsync($"ingest-key {command.Verb} failed: {exception.GetType().Name}: {exception.Message}");
            return ExitFailed;
        }
    }

    private sealed record Command(string Verb, string TenantId, string? KeyId, string[] Configuration);

    private static Command? Parse(string[] args)
    {
        if (args.Length < 3 || !Handles(args) || IsOption(args[2]))
        {
            return null;
        }

        var verb = args[1].ToLowerInvariant();
        var rest = args[3..].ToList();
        string? keyId = null;
        switch (verb)
        {
            case "add":
                var at = rest.FindIndex(a => string.Equals(a, "--key-id", StringComparison.OrdinalIgnoreCase));
                if (at >= 0)
                {
                    if (at + 1 >= rest.Count || IsOption(rest[at + 1]))
                    {
                        return null;
                    }

                    keyId = rest[at + 1];
                    rest.RemoveRange(at, 2);
                }

                break;
            case "list":
                break;
            case "revoke":
                if (rest.Count == 0 || IsOption(rest[0]))
                {
                    return null;
                }

                keyId = rest[0];
                rest.RemoveAt(0);
                break;
            default:
                return null;
        }

        return rest.All(arg => arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            ? new Command(verb, args[2].Trim(), keyId, [.. rest])
            : null;
    }

    private static bool IsOption(string arg) => arg.StartsWith('-');
}
