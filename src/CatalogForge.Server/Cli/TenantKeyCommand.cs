using System.Globalization;
using CatalogForge.Core.Tenancy;

namespace CatalogForge.Server.Cli;

/// <summary>
/// <c>tenant key add|list|revoke</c>: a tenant's API keys, over Core's <see cref="IApiKeyDirectory"/>. Results go to
/// stdout (the new key exactly once), notices and logs to stderr. Exit codes as <see cref="TenantCommand"/>'s: 0, 1 for
/// an unknown tenant or key or a failure, 2 for bad usage.
/// </summary>
public static class TenantKeyCommand
{
    public const int MaxExpiryDays = 3650;

    private const string NameOption = "--name";
    private const string ExpiresDaysOption = "--expires-days";

    /// <summary>Runs the command line after <c>tenant key</c>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var command = Parse(args);
        if (command is null)
        {
            await stderr.WriteLineAsync(TenantCommand.Usage);
            return TenantCommand.ExitUsage;
        }

        try
        {
            using var host = await CliHost.StartAsync(command.ConfigurationArgs, cancellationToken);
            var keys = host.Services.GetRequiredService<IApiKeyDirectory>();
            var tenants = host.Services.GetRequiredService<ITenantDirectory>();
            if (!await tenants.ExistsAsync(command.TenantId, cancellationToken))
            {
                await stderr.WriteLineAsync($"There is no tenant {command.TenantId}.");
                return TenantCommand.ExitFailed;
            }

            return command.Verb switch
            {
                "add" => await AddAsync(keys, command, stdout, stderr, cancellationToken),
                "list" => await ListAsync(keys, command, stdout, cancellationToken),
                _ => await RevokeAsync(keys, command, stdout, stderr, cancellationToken),
            };
        }
        catch (ArgumentException exception)
        {
            await stderr.WriteLineAsync($"tenant key {command.Verb}: {exception.Message}");
            return TenantCommand.ExitUsage;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await stderr.WriteLineAsync($"tenant key {command.Verb} failed: {exception.GetType().Name}: {exception.Message}");
            return TenantCommand.ExitFailed;
        }
    }

    private static async Task<int> AddAsync(
        IApiKeyDirectory keys, KeyCommand command, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var expiresAt = command.ExpiresDays is { } days ? DateTimeOffset.UtcNow.AddDays(days) : (DateTimeOffset?)null;
        var created = await keys.AddAsync(command.TenantId, command.Name!, expiresAt, cancellationToken);
        if (created is null)
        {
            await stderr.WriteLineAsync($"There is no tenant {command.TenantId}.");
            return TenantCommand.ExitFailed;
        }

        await stdout.WriteLineAsync($"key-id: {created.Key.KeyId}");
        await stdout.WriteLineAsync($"api-key: {created.ApiKey}");
        await stdout.FlushAsync(cancellationToken);
        await stderr.WriteLineAsync("The API key is shown only this once; store it now. Only its hash is kept.");
        return TenantCommand.ExitOk;
    }

    private static async Task<int> ListAsync(IApiKeyDirectory keys, KeyCommand command, TextWriter stdout, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        await stdout.WriteLineAsync("id\tname\tcreated\tlast-used\texpires\tstatus");
        foreach (var key in await keys.ListAsync(command.TenantId, cancellationToken))
        {
            await stdout.WriteLineAsync(string.Join('\t',
                key.KeyId, key.Name, Time(key.CreatedAt), Time(key.LastUsedAt), Time(key.ExpiresAt), key.StatusAt(now).ToString().ToLowerInvariant()));
        }

        await stdout.FlushAsync(cancellationToken);
        return TenantCommand.ExitOk;
    }

    private static async Task<int> RevokeAsync(
        IApiKeyDirectory keys, KeyCommand command, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(command.TenantId, command.KeyId!, cancellationToken);
        if (revoked is null)
        {
            await stderr.WriteLineAsync($"Tenant {command.TenantId} has no key {command.KeyId}.");
            return TenantCommand.ExitFailed;
        }

        await stdout.WriteLineAsync($"revoked: {revoked.KeyId}");
        await stdout.FlushAsync(cancellationToken);
        await stderr.WriteLineAsync($"Revoked at {Time(revoked.RevokedAt)}; running hosts refuse the key once their key cache lets it go (Auth:ApiKeys:CacheDuration).");
        return TenantCommand.ExitOk;
    }

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    private static KeyCommand? Parse(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("add" or "list" or "revoke") || !IsValue(args[1]))
        {
            return null;
        }

        var command = new KeyCommand(args[0], args[1].Trim());
        var rest = args[2..];
        var configuration = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            var arg = rest[i];
            if (command.Verb == "revoke" && command.KeyId is null && IsValue(arg))
            {
                command.KeyId = arg.Trim();
            }
            else if (command.Verb == "add" && OptionValue(rest, ref i, NameOption) is { } name)
            {
                command.Name = name;
            }
            else if (command.Verb == "add" && OptionValue(rest, ref i, ExpiresDaysOption) is { } days)
            {
                if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > MaxExpiryDays)
                {
                    return null;
                }

                command.ExpiresDays = value;
            }
            else if (CliHost.IsConfigurationArg(arg))
            {
                configuration.Add(arg);
            }
            else
            {
                return null;
            }
        }

        command.ConfigurationArgs = [.. configuration];
        var complete = command.Verb switch
        {
            "add" => command.Name is not null,
            "revoke" => command.KeyId is not null,
            _ => true,
        };
        return complete ? command : null;
    }

    /// <summary>The value of <c>--option value</c> or <c>--option=value</c> at <paramref name="i"/> (moving past it), or null.</summary>
    private static string? OptionValue(string[] args, ref int i, string option)
    {
        if (args[i].StartsWith(option + "=", StringComparison.Ordinal))
        {
            return args[i][(option.Length + 1)..];
        }

        if (args[i] == option && i + 1 < args.Length)
        {
            return args[++i];
        }

        return null;
    }

    private static bool IsValue(string arg) => !string.IsNullOrWhiteSpace(arg) && !arg.StartsWith('-');

    private sealed class KeyCommand(string verb, string tenantId)
    {
        public string Verb { get; } = verb;
        public string TenantId { get; } = tenantId;
        public string? Name { get; set; }
        public int? ExpiresDays { get; set; }
        public string? KeyId { get; set; }
        public string[] ConfigurationArgs { get; set; } = [];
    }
}
