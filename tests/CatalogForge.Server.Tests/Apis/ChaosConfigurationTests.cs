extern alias AiEmulator;

using System.Text.Json.Nodes;
using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.Configuration;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>
/// The configuration of <c>scripts/demo.sh --chaos</c> (samples/chaos/*.json) at small scale through the Server: 30 %
/// 500/503, 60 RPM on the chat deployments, content-filter trigger words in two of the briefs, one embedding region down.
/// </summary>
public sealed class ChaosConfigurationTests(AzuriteFixture azurite)
{
    private static readonly string ChaosFolder = Path.Combine(RepositoryRoot.Path, "samples", "chaos");

    [Fact]
    public async Task The_chaos_demo_settings_complete_every_item_and_the_ledger_shows_what_was_survived()
    {
        var ct = TestContext.Current.CancellationToken;
        var emulator = EmulatorOptionsBinder.Bind(
            new ConfigurationBuilder().AddJsonFile(Path.Combine(ChaosFolder, "emulator.json")).Build().GetSection("Emulator"));
        await using var env = await ServerTestEnvironment.StartAsync(azurite, emulator, AiSettings.FromJsonFile(Path.Combine(ChaosFolder, "server.json")));
        var (tenant, client) = await env.CreateTenantClientAsync("chaos");
        // Ten sample briefs: "deductible" in the first one's brief only (a simplified prompt passes), "wedding" in the
        // tenth one's brief, title and keywords (only the generic prompt passes).
        var briefs = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "samples", "briefs.json"), ct))!.AsArray();
        var salt = Guid.NewGuid().ToString("N");
        var items = new JsonArray(briefs.Take(10).Select(brief =>
        {
            var copy = brief!.DeepClone();
            copy["brief"] = $"{copy["brief"]} ({salt})";
            return copy;
        }).ToArray());
        Assert.Contains("deductible", items[0]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("wedding", items[9]!["workingTitle"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var payload = new JsonObject { ["kind"] = "generate", ["items"] = items }.ToJsonString();

        var job = await client.WaitForJobAsync((await client.SubmitJobAsync(payload, ct)).JobId, ct, timeout: TimeSpan.FromSeconds(180));

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(0, job.Counts.Failed);
        var degraded = (await client.GetAllItemsAsync(job.JobId, ct)).Where(item => item.Degraded).Select(item => item.Index).ToArray();
        Assert.Equal(new[] { 0, 9 }, degraded);

        var provider = env.Emulator.State.Snapshot();
        var usage = await client.TodayAsync(ct);
        Assert.True(provider.FaultsByKind.GetValueOrDefault("server_error") + provider.FaultsByKind.GetValueOrDefault("service_unavailable") > 0);
        Assert.Equal(3, provider.FaultsByKind.GetValueOrDefault("content_filter")); // brief 0 once, brief 9 twice
        Assert.True(usage.RateLimited > 0, "no 429 was received; the chat rate limit did not bite");
        Assert.True(usage.Retries > 0);
        Assert.True(usage.Fallbacks >= 10, $"{usage.Fallbacks} fallbacks; every embedding must move off the region that is down");
        Assert.Equal(3, usage.FailedCalls); // the three refused prompts
        Assert.Equal(provider.TotalRequests, usage.Attempts);
        Assert.Equal(provider.RateLimitedResponses, usage.RateLimited);
        Assert.Equal(provider.TotalRequests - provider.ResponsesByStatus.GetValueOrDefault("200"),
            usage.Attempts - (usage.Calls - usage.CacheHits - usage.FailedCalls));

        // Images are paid at the ImagePrices entry of the serving deployment's size and quality (1024x1024, standard).
        var imageRows = (await env.Storage.PartitionPrefixAsync(StorageNames.Tables.Usage, tenant.TenantId + "|", ct))
            .Where(row => row.GetString("Task") == "Image").ToList();
        Assert.Equal(10, imageRows.Count);
        Assert.All(imageRows, row => Assert.Equal(row.GetString("Deployment") == "image" ? 40_000 : 50_000, row.GetInt64("CostMicroUsd")));
    }
}
