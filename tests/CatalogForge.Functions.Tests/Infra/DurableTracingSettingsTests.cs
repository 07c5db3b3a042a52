using System.Text.Json;
using CatalogForge.Testing;

namespace CatalogForge.Functions.Tests.Infra;

/// <summary>
/// host.json switches on the Durable extension's distributed tracing (V2), so the host records orchestration and activity
/// spans in the trace of the call that started them; the Bicep gives it the Entra sign-in the Application Insights
/// resource requires (local authentication is off there).
/// </summary>
public sealed class DurableTracingSettingsTests
{
    [Fact]
    public void Host_json_enables_Durable_distributed_tracing_V2()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "host.json")));
        var tracing = hostJson.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("tracing");

        Assert.True(tracing.GetProperty("distributedTracingEnabled").GetBoolean());
        Assert.Equal("V2", tracing.GetProperty("version").GetString());
        Assert.False(tracing.GetProperty("traceInputsAndOutputs").GetBoolean(), "Inputs and outputs carry tenant data.");
    }

    [Fact]
    public void The_app_settings_carry_the_connection_string_and_the_Entra_authentication_string()
    {
        var bicep = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "app", "functions.bicep"));

        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING:", bicep, StringComparison.Ordinal);
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'", bicep, StringComparison.Ordinal);
    }
}
