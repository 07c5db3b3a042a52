extern alias AiEmulator;

using System.Net;
using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Domain;
using CatalogForge.Server.Telemetry;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Telemetry;

/// <summary>
/// <c>/metrics</c> after a real job (Azurite, the AI emulator over HTTP): the item, token and model-call series of the
/// job's tenant hold the job's item count and what the emulator counted. Other tests' servers share the process-wide
/// meter, so every series is read for this test's tenant only.
/// </summary>
public sealed class PrometheusMetricsTests(AzuriteFixture azurite)
{
    private const int Items = 3;

    [Fact]
    public async Task Metrics_after_a_small_job_hold_its_items_tokens_and_model_calls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: RemoteAddress.Register);
        var (tenant, client) = await env.CreateTenantClientAsync("metrics");
        var accepted = await client.SubmitJobAsync(Payloads.Generate(Items, salt: Guid.NewGuid().ToString("N")), ct);
        Assert.Equal(JobStatus.Completed, (await client.WaitForJobAsync(accepted.JobId, ct)).Status);
        var emulator = env.Emulator.State.Snapshot();
        var ofTenant = ("catalogforge_tenant_id", tenant.TenantId);

        // The exporter caches a scrape for a moment: read until the job's last measurements are in.
        IReadOnlyList<PrometheusSample> samples = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            samples = await ScrapeAsync(env.Server.CreateClient(), ct);
            if (PrometheusSample.Sum(samples, "catalogforge_items_finished_total", ofTenant) == Items
                && PrometheusSample.Sum(samples, "catalogforge_ai_calls_total", ofTenant) == emulator.TotalRequests)
            {
                break;
            }

            await Task.Delay(200, ct);
        }

        Assert.Equal(Items, PrometheusSample.Sum(samples, "catalogforge_items_finished_total", ofTenant, ("catalogforge_item_status", "Succeeded")));
        Assert.Equal(0, PrometheusSample.Sum(samples, "catalogforge_items_finished_total", ofTenant, ("catalogforge_item_status", "Failed")));

        // One chat, one embedding and one image call per item, each answered at once by the emulator.
        Assert.Equal(3 * Items, emulator.TotalRequests);
        Assert.Equal(emulator.TotalRequests, PrometheusSample.Sum(samples, "catalogforge_ai_calls_total", ofTenant, ("catalogforge_ai_outcome", "success")));
        Assert.Equal(Items, PrometheusSample.Sum(samples, "catalogforge_ai_calls_total", ofTenant, ("gen_ai_operation_name", "chat")));
        Assert.Equal(Items, PrometheusSample.Sum(samples, "catalogforge_ai_calls_total", ofTenant, ("gen_ai_operation_name", "embeddings")));
        Assert.Equal(Items, PrometheusSample.Sum(samples, "catalogforge_ai_calls_total", ofTenant, ("gen_ai_operation_name", "image_generation")));

        // Images are billed per image: their prompts' tokens, which the emulator counts, are no token usage.
        var tokenRequests = env.Emulator.State.Requests.Where(r => r.Kind != RequestKind.Images).ToList();
        var promptTokens = tokenRequests.Sum(r => (long)r.PromptTokens);
        Assert.True(promptTokens > 0 && emulator.CompletionTokens > 0, $"the emulator counted no tokens: {emulator}");
        Assert.Equal(promptTokens, PrometheusSample.Sum(samples, "gen_ai_client_token_usage_sum", ofTenant, ("gen_ai_token_type", "input")));
        Assert.Equal(emulator.CompletionTokens, PrometheusSample.Sum(samples, "gen_ai_client_token_usage_sum", ofTenant, ("gen_ai_token_type", "output")));
        Assert.Equal(emulator.TotalRequests, PrometheusSample.Sum(samples, "gen_ai_client_token_usage_count", ofTenant, ("gen_ai_token_type", "input")));

        var usage = await client.TodayAsync(ct);
        Assert.Equal((double)usage.CostUsd, PrometheusSample.Sum(samples, "catalogforge_ai_cost_USD_total", ofTenant), precision: 4);
        Assert.Equal(1, PrometheusSample.Sum(samples, "catalogforge_jobs_total", ofTenant, ("catalogforge_job_status", "Completed")));
        Assert.Contains(samples, s => s.Name == "gen_ai_client_operation_duration_seconds_count" && s.Value > 0);
        Assert.Contains(samples, s => s.Name == "catalogforge_activity_duration_seconds_count"
            && s.Labels.GetValueOrDefault("catalogforge_activity_name") == "SaveProduct" && s.Value >= Items);
    }

    [Fact]
    public async Task Metrics_answer_loopback_only_unless_remote_scrapes_are_allowed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: RemoteAddress.Register);
        var client = env.Server.CreateClient();

        using (var local = await client.GetAsync(ServerTelemetryExtensions.MetricsPath, ct))
        {
            await ApiCalls.EnsureStatusAsync(local, HttpStatusCode.OK, ct);
        }

        using var remote = new HttpRequestMessage(HttpMethod.Get, ServerTelemetryExtensions.MetricsPath);
        remote.Headers.Add(RemoteAddress.Header, "203.0.113.7");
        using var refused = await client.SendAsync(remote, ct);
        var problem = await Problem.ReadAsync(refused, HttpStatusCode.Forbidden, ct);
        Assert.Equal(MetricsAccess.Title, problem.Title);

        await using var open = new ServerFactory(azurite.ConnectionString, env.Emulator.BaseUri,
            new Dictionary<string, string?> { ["Telemetry:PrometheusAllowRemote"] = "true" }, RemoteAddress.Register);
        using var allowedRequest = new HttpRequestMessage(HttpMethod.Get, ServerTelemetryExtensions.MetricsPath);
        allowedRequest.Headers.Add(RemoteAddress.Header, "203.0.113.7");
        using var allowed = await open.CreateClient().SendAsync(allowedRequest, ct);
        await ApiCalls.EnsureStatusAsync(allowed, HttpStatusCode.OK, ct);
    }

    [Fact]
    public async Task Metrics_are_not_served_when_Prometheus_is_off()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "false" }, configureTestServices: RemoteAddress.Register);

        using var response = await env.Server.CreateClient().GetAsync(ServerTelemetryExtensions.MetricsPath, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync(ServerTelemetryExtensions.MetricsPath, ct);
        await ApiCalls.EnsureStatusAsync(response, HttpStatusCode.OK, ct);
        return PrometheusSample.Parse(await response.Content.ReadAsStringAsync(ct));
    }
}
