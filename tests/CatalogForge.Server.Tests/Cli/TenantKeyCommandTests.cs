using CatalogForge.Core.Tenancy;
using CatalogForge.Server.Cli;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Cli;

/// <summary><c>tenant key add|list|revoke</c> against the real Azurite, through the same entry point as the command line.</summary>
public sealed class TenantKeyCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Add_list_and_revoke_a_key()
    {
        var tenantId = await CreateTenantAsync();

        var add = await RunAsync("tenant", "key", "add", tenantId, "--name", "nightly export", "--expires-days", "30");
        Assert.True(add.Exit == TenantCommand.ExitOk, add.Stderr);
        var lines = Lines(add.Stdout);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("key-id: key-", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("api-key: cfk_", lines[1], StringComparison.Ordinal);
        var keyId = lines[0]["key-id: ".Length..];
        var apiKey = lines[1]["api-key: ".Length..];
        Assert.DoesNotContain(apiKey, add.Stderr, StringComparison.Ordinal);
        Assert.Equal(tenantId, await ResolveAsync(apiKey));

        var list = await RunAsync("tenant", "key", "list", tenantId);
        Assert.True(list.Exit == TenantCommand.ExitOk, list.Stderr);
        var rows = Lines(list.Stdout).Select(line => line.Split('\t')).ToArray();
        Assert.Equal(["id", "name", "created", "last-used", "expires", "status"], rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.Equal(["default", "-", "-", "active"], rows[1][1..].Where((_, i) => i != 1).ToArray());
        var added = rows[2];
        Assert.Equal((keyId, "nightly export", "-", "active"), (added[0], added[1], added[3], added[5]));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", added[4]);
        Assert.DoesNotContain(apiKey, list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeyHasher.Hash(apiKey), list.Stdout, StringComparison.Ordinal);

        var revoke = await RunAsync("tenant", "key", "revoke", tenantId, keyId);
        Assert.True(revoke.Exit == TenantCommand.ExitOk, revoke.Stderr);
        Assert.Equal($"revoked: {keyId}", Assert.Single(Lines(revoke.Stdout)));
        Assert.Null(await ResolveAsync(apiKey));
        var after = await RunAsync("tenant", "key", "list", tenantId);
        Assert.EndsWith("\trevoked", Lines(after.Stdout)[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tenant_or_key_exits_1_and_writes_nothing()
    {
        var tenantId = await CreateTenantAsync();

        var add = await RunAsync("tenant", "key", "add", "no-such-tenant-000000", "--name", "x");
        var list = await RunAsync("tenant", "key", "list", "no-such-tenant-000000");
        var revoke = await RunAsync("tenant", "key", "revoke", tenantId, "key-000000000000");

        Assert.Equal([TenantCommand.ExitFailed, TenantCommand.ExitFailed, TenantCommand.ExitFailed], new[] { add.Exit, list.Exit, revoke.Exit });
        Assert.Equal(string.Empty, add.Stdout + list.Stdout + revoke.Stdout);
        Assert.Contains("no tenant no-such-tenant-000000", add.Stderr, StringComparison.Ordinal);
        Assert.Contains("has no key key-000000000000", revoke.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Lines((await RunAsync("tenant", "key", "list", tenantId)).Stdout).Length);
    }

    [Theory]
    [InlineData("tenant|key")]
    [InlineData("tenant|key|add|acme-000000")]
    [InlineData("tenant|key|add|acme-000000|--name")]
    [InlineData("tenant|key|add|acme-000000|--name|x|--expires-days|0")]
    [InlineData("tenant|key|add|acme-000000|--name|x|--expires-days|3651")]
    [InlineData("tenant|key|add|acme-000000|--name|x|--expires-days|soon")]
    [InlineData("tenant|key|list|acme-000000|stray")]
    [InlineData("tenant|key|revoke|acme-000000")]
    [InlineData("tenant|key|remove|acme-000000|key-1")]
    [InlineData("tenant|key|list|--Storage:ConnectionString=x")]
    public async Task Bad_usage_exits_2_with_usage_on_stderr_and_nothing_on_stdout(string commandLine)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await TenantCommand.RunAsync(commandLine.Split('|'), stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(TenantCommand.ExitUsage, exit);
        Assert.Equal(string.Empty, stdout.ToString());
        Assert.Contains("tenant key add", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_with_control_characters_exits_2_and_adds_nothing()
    {
        var tenantId = await CreateTenantAsync();

        var add = await RunAsync("tenant", "key", "add", tenantId, "--name=bad\u0007name");

        Assert.Equal(TenantCommand.ExitUsage, add.Exit);
        Assert.Contains("control characters", add.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Lines((await RunAsync("tenant", "key", "list", tenantId)).Stdout).Length);
    }

    private async Task<string> CreateTenantAsync()
    {
        var create = await RunAsync("tenant", "create", $"cli-keys-{Guid.NewGuid():N}");
        Assert.True(create.Exit == TenantCommand.ExitOk, create.Stderr);
        return Lines(create.Stdout)[0]["tenant: ".Length..];
    }

    private async Task<string?> ResolveAsync(string apiKey) =>
        await (await TenantStore.OpenAsync(azurite)).Tenants.ResolveAsync(apiKey, TestContext.Current.CancellationToken);

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await TenantCommand.RunAsync(
            [.. args, $"--Storage:ConnectionString={azurite.ConnectionString}", "--Storage:InitializeOnStart=true"],
            stdout, stderr, TestContext.Current.CancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
