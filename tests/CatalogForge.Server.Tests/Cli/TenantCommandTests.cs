using CatalogForge.Core.Tenancy;
using CatalogForge.Server.Cli;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Cli;

public sealed class TenantCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Create_prints_the_tenant_and_a_working_key_on_exactly_two_lines()
    {
        var ct = TestContext.Current.CancellationToken;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var name = $"cli-{Guid.NewGuid():N}";

        var exit = await TenantCommand.RunAsync(
            ["tenant", "create", name, $"--Storage:ConnectionString={azurite.ConnectionString}", "--Storage:InitializeOnStart=true"],
            stdout, stderr, ct);

        Assert.True(exit == TenantCommand.ExitOk, stderr.ToString());
        var lines = stdout.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("tenant: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("api-key: ", lines[1], StringComparison.Ordinal);
        var tenantId = lines[0]["tenant: ".Length..];
        var apiKey = lines[1]["api-key: ".Length..];
        Assert.Contains("once", stderr.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(apiKey, stderr.ToString(), StringComparison.Ordinal);

        // The printed key works against the API of a server on the same storage.
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        Assert.Equal(tenantId, await env.Server.Services.GetRequiredService<ITenantDirectory>().ResolveAsync(apiKey, ct));
        using var client = env.Server.CreateClient(apiKey);
        using var response = await client.GetAsync("/api/jobs", ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("tenant")]
    [InlineData("tenant|create")]
    [InlineData("tenant|delete|acme")]
    [InlineData("tenant|create|--Storage:ConnectionString=x")]
    [InlineData("tenant|create| ")]
    [InlineData("tenant|create|acme|stray")]
    public async Task Bad_usage_exits_2_with_usage_on_stderr_and_nothing_on_stdout(string commandLine)
    {
        var args = commandLine.Split('|');
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await TenantCommand.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);

        Assert.Equal(TenantCommand.ExitUsage, exit);
        Assert.Equal(string.Empty, stdout.ToString());
        Assert.Contains("usage:", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tenant|create|acme", true)]
    [InlineData("Tenant", true)]
    [InlineData("", false)]
    [InlineData("--urls|http://127.0.0.1:5001", false)]
    [InlineData("--environment=Development", false)]
    public void Only_a_tenant_command_line_selects_the_CLI(string commandLine, bool expected) =>
        Assert.Equal(expected, TenantCommand.Handles(commandLine.Split('|', StringSplitOptions.RemoveEmptyEntries)));
}
