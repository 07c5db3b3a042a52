extern alias AiEmulator;

using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Domain;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>
/// Admission to the AI deployments seen through whole jobs: with the chat deployments held to one request a second by
/// the client-side limiter, a small job is not starved by a big one of another tenant, and a high-priority job overtakes
/// a low-priority one of the same tenant. Assertions are on which job finishes first, never on durations.
/// </summary>
public sealed class JobSchedulingTests(AzuriteFixture azurite)
{
    private const int BigJob = 200;

    // Every model call takes a while, so the big job keeps its share of the slots busy for many rounds.
    private static EmulatorOptions Latency() => new() { Defaults = new DeploymentSettings { BaseLatencyMs = 40 } };

    /// <summary>A constrained quota: the big job's items queue at the chat deployments' admission, where the order is decided.</summary>
    private static Dictionary<string, string?> ConstrainedQuota() => new()
    {
        ["Jobs:MaxItemsPerJob"] = BigJob.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ai:Deployments:chat-standard:RequestsPerMinute"] = "60",
        ["Ai:Deployments:chat-economy:RequestsPerMinute"] = "60",
        // The big job still has ~120 calls waiting for the quota when the test ends: stop without waiting for them.
        ["shutdownTimeoutSeconds"] = "5",
    };

    /// <summary>
    /// Cancels the big job without waiting for it: its items already waiting at the chat deployments finish first, which
    /// at this quota takes minutes. That a cancel ends a job is the cancel tests' subject.
    /// </summary>
    private static async Task CancelAsync(HttpClient client, string jobId, CancellationToken ct)
    {
        using var response = await client.PostAsync($"/api/jobs/{jobId}/cancel", null, ct);
        await ApiCalls.EnsureStatusAsync(response, System.Net.HttpStatusCode.Accepted, ct);
    }

    [Fact]
    public async Task A_small_job_of_tenant_B_finishes_while_a_big_job_of_tenant_A_is_still_running()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, Latency(), ConstrainedQuota());
        var (_, tenantA) = await env.CreateTenantClientAsync("fair-a");
        var (_, tenantB) = await env.CreateTenantClientAsync("fair-b");
        var salt = Guid.NewGuid().ToString("N");

        var big = await tenantA.SubmitJobAsync(Payloads.Generate(BigJob, salt + "a", images: false), ct);
        await tenantA.WaitForJobAsync(big.JobId, ct, job => job.Counts.Succeeded >= 1 || job.Status.IsTerminal());
        var small = await tenantB.SubmitJobAsync(Payloads.Generate(3, salt + "b", images: false), ct);

        var smallDone = await tenantB.WaitForJobAsync(small.JobId, ct);
        var bigMeanwhile = await tenantA.GetJobAsync(big.JobId, ct);

        Assert.Equal(JobStatus.Completed, smallDone.Status);
        Assert.False(bigMeanwhile.Status.IsTerminal(), $"The big job finished first: {bigMeanwhile.Counts}");
        Assert.True(bigMeanwhile.Counts.Succeeded < BigJob / 2,
            $"Tenant B waited for half of tenant A's job: {bigMeanwhile.Counts.Succeeded} of {BigJob} done");
        await CancelAsync(tenantA, big.JobId, ct);
    }

    [Fact]
    public async Task A_high_priority_job_overtakes_a_low_priority_job_already_running()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, Latency(), ConstrainedQuota());
        var (_, client) = await env.CreateTenantClientAsync("priority");
        var salt = Guid.NewGuid().ToString("N");

        var low = await client.SubmitJobAsync(Payloads.Generate(BigJob, salt + "low", images: false, priority: "low"), ct);
        await client.WaitForJobAsync(low.JobId, ct, job => job.Counts.Succeeded >= 1 || job.Status.IsTerminal());
        var high = await client.SubmitJobAsync(Payloads.Generate(3, salt + "high", images: false, priority: "high"), ct);

        var highDone = await client.WaitForJobAsync(high.JobId, ct);
        var lowMeanwhile = await client.GetJobAsync(low.JobId, ct);

        Assert.Equal(JobStatus.Completed, highDone.Status);
        Assert.Equal(JobPriority.High, highDone.Priority);
        Assert.Equal(JobPriority.Low, lowMeanwhile.Priority);
        Assert.False(lowMeanwhile.Status.IsTerminal(), $"The low-priority job finished first: {lowMeanwhile.Counts}");
        Assert.True(lowMeanwhile.Counts.Succeeded < BigJob / 2,
            $"The high-priority job waited for half of the low one: {lowMeanwhile.Counts.Succeeded} of {BigJob} done");
        await CancelAsync(client, low.JobId, ct);
    }
}
