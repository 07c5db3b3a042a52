using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Ingestion.Signing;
using CatalogForge.Server.Cli;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Cli;

public sealed class IngestKeyCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Add_prints_a_secret_once_that_signs_messages_the_server_accepts_until_revoke()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, settings: new Dictionary<string, string?>
        {
            ["Ingestion:ListenerEnabled"] = "false",
        });
        var (tenant, _) = await env.CreateTenantClientAsync("cli-keys");
        var storage = $"--Storage:ConnectionString={azurite.ConnectionString}";

        var (addExit, added, addErr) = await RunAsync(["ingest-key", "add", tenant.TenantId, "--key-id", "nightly-1", storage], ct);
        var (listExit, listed, _) = await RunAsync(["ingest-key", "list", tenant.TenantId, storage], ct);

        Assert.True(addExit == IngestKeyCommand.ExitOk, addErr);
        var lines = added.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["key-id: nightly-1"], lines.Take(1));
        Assert.StartsWith("secret: cfik_", lines[1], StringComparison.Ordinal);
        var secret = lines[1]["secret: ".Length..];
        Assert.DoesNotContain(secret, addErr, StringComparison.Ordinal);
        Assert.Equal(IngestKeyCommand.ExitOk, listExit);
        Assert.Matches(@"^nightly-1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ active - Table\s*$", listed);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);

        var handler = env.Server.Services.GetRequiredService<IngestMessageHandler>();
        string Signed(string key) => IngestMessageSigner.Sign(
            $$"""{"tenantId":"{{tenant.TenantId}}","idempotencyKey":"{{key}}","kind":"enrich","items":[{"sku":"C-1","name":"Chair"}]}""",
            tenant.TenantId, "nightly-1", secret, DateTimeOffset.UtcNow);
        var before = await handler.HandleAsync(Signed("cli-1"), 1, null, ct);
        var (revokeExit, revoked, _) = await RunAsync(["ingest-key", "revoke", tenant.TenantId, "nightly-1", storage], ct);
        var after = await handler.HandleAsync(Signed("cli-2"), 1, null, ct);
        var (_, listedAfter, _) = await RunAsync(["ingest-key", "list", tenant.TenantId, storage], ct);

        Assert.Equal(IngestOutcomeKind.Accepted, before.Kind);
        Assert.Equal((IngestKeyCommand.ExitOk, "revoked: nightly-1"), (revokeExit, revoked.Trim()));
        Assert.Equal((IngestOutcomeKind.Poison, ErrorClass.Auth), (after.Kind, after.ErrorClass));
        Assert.Contains(" revoked ", listedAfter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_a_key_for_an_unknown_tenant_or_revoking_an_unknown_key_fails_with_the_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = $"--Storage:ConnectionString={azurite.ConnectionString}";

        var (addExit, addOut, addErr) = await RunAsync(["ingest-key", "add", "nobody-0a1b2c", storage, "--Storage:InitializeOnStart=true"], ct);
        var (revokeExit, _, revokeErr) = await RunAsync(["ingest-key", "revoke", "nobody-0a1b2c", "k1", storage], ct);

        Assert.Equal((IngestKeyCommand.ExitFailed, ""), (addExit, addOut));
        Assert.Contains("Unknown tenant 'nobody-0a1b2c'", addErr, StringComparison.Ordinal);
        Assert.Equal(IngestKeyCommand.ExitFailed, revokeExit);
        Assert.Contains("has no key 'k1'", revokeErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ingest-key")]
    [InlineData("ingest-key|add")]
    [InlineData("ingest-key|rotate|acme")]
    [InlineData("ingest-key|add|acme|--key-id")]
    [InlineData("ingest-key|revoke|acme")]
    [InlineData("ingest-key|list|acme|stray")]
    [InlineData("ingest-key|add|--Storage:ConnectionString=x")]
    public async Task Bad_usage_exits_2_with_usage_on_stderr_and_nothing_on_stdout(string commandLine)
    {
        var (exit, stdout, stderr) = await RunAsync(commandLine.Split('|'), TestContext.Current.CancellationToken);

        Assert.Equal((IngestKeyCommand.ExitUsage, ""), (exit, stdout));
        Assert.Contains("usage:", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string[] args, CancellationToken ct)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await IngestKeyCommand.RunAsync(args, stdout, stderr, ct);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
