extern alias AiEmulator;

using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>Whole jobs through the Server against a provider that fails and rate-limits; the ledger must add up with what it saw.</summary>
public sealed class AiResilienceJobTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Fifty_items_under_30_percent_server_errors_complete_with_bounded_attempts()
    {
        var ct = TestContext.Current.CancellationToken;
        var emulator = new EmulatorOptions { Defaults = new DeploymentSettings { ServerErrorRate = 0.3 } };
        var settings = AiSettings.TwoDeploymentsPerTask(Guid.NewGuid().ToString("N"));
        settings["Jobs:MaxItemsPerJob"] = "50";
        settings["Ai:Retry:BaseDelay"] = "00:00:00.010";
        settings["Ai:Retry:MaxDelay"] = "00:00:00.100";
        const int serverErrorAttempts = 1 + 3; // the first attempt and Ai:Retry:Attempts:ServerError (default 3)
        await using var env = await ServerTestEnvironment.StartAsync(azurite, emulator, settings);
        var (tenant, client) = await env.CreateTenantClientAsync("chaos50");

        var job = await client.WaitForJobAsync(
            (await client.SubmitJobAsync(Payloads.Generate(50, salt: Guid.NewGuid().ToString("N")), ct)).JobId, ct,
            timeout: TimeSpan.FromSeconds(180));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(0, job.Counts.Failed);
        var provider = env.Emulator.State.Snapshot();
        Assert.True(provider.FaultsSent > 0, "the emulator injected no fault; the test did not exercise retries");
        Assert.Equal(provider.FaultsSent, provider.ResponsesByStatus.GetValueOrDefault("500") + provider.ResponsesByStatus.GetValueOrDefault("503"));
        Assert.InRange(provider.ChatRequests, 50, 50 * serverErrorAttempts);

        var rows = await env.Storage.PartitionPrefixAsync(StorageNames.Tables.Usage, tenant.TenantId + "|", ct);
        Assert.Equal(150, rows.Count); // chat, embedding, image per item: one row per call, none failed
        Assert.All(rows, row => Assert.False(row.GetBoolean("Failed")));
        // Per call: at most every retry on both deployments of its chain.
        Assert.All(rows, row => Assert.InRange(row.GetInt32("Attempts") ?? 0, 1, 2 * serverErrorAttempts));
        Assert.InRange(rows.Where(row => row.GetString("Task") == "Chat").Sum(row => row.GetInt32("Attempts") ?? 0), 50, 50 * serverErrorAttempts);

        var usage = await client.TodayAsync(ct);
        Assert.Equal(provider.TotalRequests, usage.Attempts);
        Assert.Equal(provider.FaultsSent, usage.Attempts - usage.Calls); // every failed request was followed by another one
        Assert.Equal(usage.Attempts - usage.Calls, usage.Retries + usage.Fallbacks);
        Assert.True(usage.Retries > 0);
    }

    [Fact]
    public async Task A_429_storm_is_survived_and_no_retry_comes_sooner_than_the_retry_after_it_was_given()
    {
        var ct = TestContext.Current.CancellationToken;
        // 30 RPM = 5 requests per 10 s window on every deployment: the eight chat calls, sent at once, alone earn three 429s.
        var emulator = new EmulatorOptions { Defaults = new DeploymentSettings { RequestsPerMinute = 30, TokensPerMinute = 10_000_000 } };
        await using var env = await ServerTestEnvironment.StartAsync(azurite, emulator,
            new Dictionary<string, string?> { ["Ai:Retry:BaseDelay"] = "00:00:00.010", ["Ai:Retry:MaxDelay"] = "00:00:00.050" });
        var (_, client) = await env.CreateTenantClientAsync("storm");

        var job = await client.WaitForJobAsync(
            (await client.SubmitJobAsync(Payloads.Generate(8, salt: Guid.NewGuid().ToString("N")), ct)).JobId, ct,
            timeout: TimeSpan.FromSeconds(120));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(0, job.Counts.Failed);
        var log = env.Emulator.State.Requests;
        var rejected = log.Where(r => r.StatusCode == 429).ToList();
        Assert.True(rejected.Count >= 3, $"only {rejected.Count} 429s; the storm did not happen");
        foreach (var limited in rejected)
        {
            // The same body to the same deployment again: the retry of that request.
            var retry = log.FirstOrDefault(r => r.Sequence > limited.Sequence && r.BodyHash == limited.BodyHash && r.Deployment == limited.Deployment);
            Assert.NotNull(retry);
            Assert.NotNull(limited.RetryAfterMs);
            var waited = retry.Timestamp - limited.Timestamp;
            Assert.True(waited >= TimeSpan.FromMilliseconds(limited.RetryAfterMs.Value),
                $"request #{retry.Sequence} came {waited.TotalMilliseconds:0} ms after the 429 #{limited.Sequence} that asked for {limited.RetryAfterMs} ms");
        }

        var usage = await client.TodayAsync(ct);
        Assert.Equal(rejected.Count, usage.RateLimited);
        Assert.Equal(log.Count, usage.Attempts);
        Assert.Equal(0, usage.FailedCalls);
    }
}
