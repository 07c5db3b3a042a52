extern alias AiEmulator;

using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Domain;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>
/// A whole job against deployments limited to 30 RPM (5 requests per 10 s) by the emulator: without a client-side
/// limit the gateway sends into 429s and retries; with the same limit configured per deployment it paces itself.
/// </summary>
public sealed class AiRateLimitJobTests(AzuriteFixture azurite)
{
    private const int Items = 12;
    private const int RequestsPerMinute = 30;

    [Fact]
    public async Task With_the_deployments_limit_configured_client_side_a_job_is_paced_instead_of_rate_limited()
    {
        var paced = await RunJobAsync(clientLimit: true);
        var unpaced = await RunJobAsync(clientLimit: false);

        // 12 items send 12 requests to each of the three deployments while each admits 5 per 10 s.
        Assert.True(unpaced.RateLimitedResponses >= Items - 5,
            $"without a client limit the emulator sent only {unpaced.RateLimitedResponses} 429s; the scenario did not overload it");
        // Paced from when the request is let go, plus the configured 1 s margin for the trip to the server: no 429 unless
        // a request spends over a second more in transit than the one whose window slot it reuses.
        Assert.InRange(paced.RateLimitedResponses, 0, 1);
        Assert.Equal(3 * Items, paced.TotalRequests - paced.RateLimitedResponses);
    }

    private async Task<EmulatorCounters> RunJobAsync(bool clientLimit)
    {
        var ct = TestContext.Current.CancellationToken;
        var emulator = new EmulatorOptions
        {
            Defaults = new DeploymentSettings { RequestsPerMinute = RequestsPerMinute, TokensPerMinute = 10_000_000 },
        };
        var settings = AiSettings.TwoDeploymentsPerTask(Guid.NewGuid().ToString("N"));
        if (clientLimit)
        {
            foreach (var deployment in settings.Keys.Where(k => k.EndsWith(":Provider", StringComparison.Ordinal)).ToList())
            {
                settings[deployment.Replace(":Provider", ":RequestsPerMinute", StringComparison.Ordinal)] = $"{RequestsPerMinute}";

                // Wider than the 250 ms default: the test suite's parallel classes can delay a request that long on
                // its way to the emulator (a 429 then costs no quota, but this test counts them).
                settings[deployment.Replace(":Provider", ":RateLimitMarginMs", StringComparison.Ordinal)] = "1000";
            }
        }

        settings["Ai:Retry:BaseDelay"] = "00:00:00.010";
        settings["Ai:Retry:MaxDelay"] = "00:00:00.050";
        await using var env = await ServerTestEnvironment.StartAsync(azurite, emulator, settings);
        var (_, client) = await env.CreateTenantClientAsync(clientLimit ? "paced" : "unpaced");

        var job = await client.WaitForJobAsync(
            (await client.SubmitJobAsync(Payloads.Generate(Items, salt: Guid.NewGuid().ToString("N")), ct)).JobId, ct,
            timeout: TimeSpan.FromSeconds(180));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(0, job.Counts.Failed);
        var counters = env.Emulator.State.Snapshot();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"client limit {clientLimit}: {counters.TotalRequests} requests, {counters.RateLimitedResponses} answered 429");
        return counters;
    }
}
