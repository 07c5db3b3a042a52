extern alias AiEmulator;

using AiEmulator::CatalogForge.AiEmulator;
using System.Net.Http.Json;
using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>The AI core seen through whole jobs: pay once, budgets before spending, surviving rate limits.</summary>
public sealed class AiCoreJobTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_same_job_twice_makes_no_new_model_calls_and_the_ledger_shows_cache_hits()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("cache");
        var payload = Payloads.Generate(4, salt: Guid.NewGuid().ToString("N"));

        var first = await client.WaitForJobAsync((await client.SubmitJobAsync(payload, ct)).JobId, ct);
        var callsAfterFirst = env.Emulator.State.Snapshot().TotalRequests;
        var second = await client.WaitForJobAsync((await client.SubmitJobAsync(payload, ct)).JobId, ct);

        Assert.Equal(JobStatus.Completed, first.Status);
        Assert.Equal(JobStatus.Completed, second.Status);
        Assert.Equal(12, callsAfterFirst);
        Assert.Equal(callsAfterFirst, env.Emulator.State.Snapshot().TotalRequests);
        Assert.True(first.CostUsd > 0);
        Assert.Equal(0m, second.CostUsd);

        var usage = await env.Storage.PartitionPrefixAsync(StorageNames.Tables.Usage, tenant.TenantId + "|", ct);
        var secondJobRows = usage.Where(row => row.GetString("JobId") == second.JobId).ToList();
        Assert.Equal(12, secondJobRows.Count);
        Assert.All(secondJobRows, row => Assert.True(row.GetBoolean("CacheHit")));
        Assert.All(usage.Where(row => row.GetString("JobId") == first.JobId), row => Assert.False(row.GetBoolean("CacheHit")));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var response = await client.GetAsync($"/api/usage?from={today}&to={today}", ct);
        await ApiCalls.EnsureStatusAsync(response, System.Net.HttpStatusCode.OK, ct);
        var report = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ApiCalls.Json, ct);
        Assert.Equal(24, report.GetProperty("calls").GetInt32());
        Assert.Equal(12, report.GetProperty("cacheHits").GetInt32());
        Assert.Equal(first.CostUsd, report.GetProperty("costUsd").GetDecimal());
        Assert.Equal(3, report.GetProperty("lines").GetArrayLength()); // chat, embedding and image models
    }

    [Theory]
    [InlineData("from=2026-13-01")]
    [InlineData("from=2026-11-20&to=2026-11-01")]
    [InlineData("from=2020-01-01&to=2026-01-01")]
    public async Task Usage_rejects_bad_ranges(string query)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("usage");

        using var response = await client.GetAsync($"/api/usage?{query}", ct);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_exhausted_budget_sends_no_request_and_fails_items_with_BudgetExceeded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["Ai:Budgets:DefaultDailyUsd"] = "0.000001" });
        var (tenant, client) = await env.CreateTenantClientAsync("budget");

        var job = await client.WaitForJobAsync(
            (await client.SubmitJobAsync(Payloads.Generate(3, salt: Guid.NewGuid().ToString("N")), ct)).JobId, ct);

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(0, env.Emulator.State.Snapshot().TotalRequests);
        var budgetError = Assert.Single(job.Errors);
        Assert.Equal(ErrorClass.BudgetExceeded, budgetError.ErrorClass);
        Assert.Equal(3, budgetError.Count);
        // The class's own sentence, not the guard's exception text (tenant id, amounts) that went to the log.
        Assert.Equal(FailureMessages.ForItem(ErrorClass.BudgetExceeded, ""), budgetError.SampleMessage);
        Assert.DoesNotContain(tenant.TenantId, budgetError.SampleMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_primary_opens_its_shared_breaker_traffic_moves_to_the_fallback_and_a_probe_closes_it_after_the_break()
    {
        var ct = TestContext.Current.CancellationToken;
        var emulator = new EmulatorOptions();
        emulator.Deployments["gpt-4o"] = new DeploymentSettings { ServerErrorRate = 1 };
        // Breaker state is shared through storage by design; names of this test's own keep it from other tests' jobs.
        var primary = $"chat-primary-{Guid.NewGuid():N}";
        var fallback = $"chat-fallback-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string?>
        {
            [$"Ai:Deployments:{primary}:Provider"] = "emulator",
            [$"Ai:Deployments:{primary}:Deployment"] = "gpt-4o",
            [$"Ai:Deployments:{primary}:Task"] = "Chat",
            [$"Ai:Deployments:{primary}:Tier"] = "standard",
            [$"Ai:Deployments:{primary}:OutputPerMillion"] = "10",
            [$"Ai:Deployments:{fallback}:Provider"] = "emulator",
            [$"Ai:Deployments:{fallback}:Deployment"] = "gpt-4o-mini",
            [$"Ai:Deployments:{fallback}:Task"] = "Chat",
            [$"Ai:Deployments:{fallback}:Tier"] = "economy",
            [$"Ai:Deployments:{fallback}:OutputPerMillion"] = "0.6",
            ["Ai:Deployments:embedding:Provider"] = "emulator",
            ["Ai:Deployments:embedding:Deployment"] = "text-embedding-3-small",
            ["Ai:Deployments:embedding:Task"] = "Embedding",
            ["Ai:Deployments:embedding:Dimensions"] = "256",
            ["Ai:Deployments:image:Provider"] = "emulator",
            ["Ai:Deployments:image:Deployment"] = "dall-e-3",
            ["Ai:Deployments:image:Task"] = "Image",
            ["Ai:Deployments:image:ImageSize"] = "256x256",
            ["Ai:Retry:Attempts:ServerError"] = "0",
            ["Ai:CircuitBreaker:FailureThreshold"] = "3",
            ["Ai:CircuitBreaker:BreakDuration"] = "00:05:00",
            // One item at a time, so the breaker's effect on later items is exact.
            ["Jobs:ItemWindowPerChunk"] = "1",
            ["Jobs:ChunkWindow"] = "1",
        };
        await using var env = await ServerTestEnvironment.StartAsync(azurite, emulator, settings);
        var (tenant, client) = await env.CreateTenantClientAsync("fallback");

        var job = await client.WaitForJobAsync(
            (await client.SubmitJobAsync(Payloads.Generate(6, salt: Guid.NewGuid().ToString("N")), ct)).JobId, ct);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(0, job.Counts.Failed);
        foreach (var item in await client.GetAllItemsAsync(job.JobId, ct))
        {
            var product = await client.GetProductAsync(item.ProductId!, ct);
            Assert.Equal(fallback, product.ServedBy["chat"]);
        }

        var primaryCalls = env.Emulator.State.Requests.Count(r => r.Deployment == "gpt-4o");
        Assert.Equal(3, primaryCalls);
        var usage = await client.TodayAsync(ct);
        Assert.Equal(6, usage.Fallbacks); // every chat call: 3 after a failed request to the primary, 3 skipping its open breaker
        Assert.Equal(0, usage.Retries);
        Assert.Equal(env.Emulator.State.Snapshot().TotalRequests, usage.Attempts); // 3 + 6 chat, 6 embedding, 6 image

        // A second host on the same storage sees the breaker open and does not send the primary anything. Its breaker
        // clock is a manual one starting now, so the break duration passes when the test says, not with machine load.
        var secondHostClock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var secondHost = new ServerFactory(azurite.ConnectionString, env.Emulator.BaseUri, settings, services =>
            services.AddSingleton(provider => new CircuitBreakerStore(
                provider.GetRequiredService<TableServiceClient>().GetTableClient(StorageNames.Tables.CircuitBreakers),
                provider.GetRequiredService<IOptions<CircuitBreakerOptions>>().Value,
                secondHostClock)));
        var shared = await secondHost.Services.GetRequiredService<CircuitBreakerStore>().GetAsync(primary, ct);
        Assert.Equal(CircuitState.Open, shared.State);
        var secondClient = secondHost.CreateClient(tenant.ApiKey);
        var whileOpen = await secondClient.WaitForJobAsync(
            (await secondClient.SubmitJobAsync(Payloads.Generate(2, salt: Guid.NewGuid().ToString("N")), ct)).JobId, ct);
        Assert.Equal(JobStatus.Completed, whileOpen.Status);
        Assert.Equal(3, env.Emulator.State.Requests.Count(r => r.Deployment == "gpt-4o"));

        // The primary recovers; once the break duration has passed the next call is the half-open probe, succeeds and closes it.
        env.Emulator.State.Configure("gpt-4o", new DeploymentSettings());
        secondHostClock.Advance(shared.BreakDuration);

        var afterBreak = await secondClient.WaitForJobAsync(
            (await secondClient.SubmitJobAsync(Payloads.Generate(2, salt: Guid.NewGuid().ToString("N")), ct)).JobId, ct);
        Assert.Equal(JobStatus.Completed, afterBreak.Status);
        foreach (var item in await secondClient.GetAllItemsAsync(afterBreak.JobId, ct))
        {
            Assert.Equal(primary, (await secondClient.GetProductAsync(item.ProductId!, ct)).ServedBy["chat"]);
        }

        Assert.Equal(CircuitState.Closed, (await env.Server.Services.GetRequiredService<CircuitBreakerStore>().GetAsync(primary, ct)).State);
    }

    [Fact]
    public async Task Content_policy_refusals_fall_back_to_simplified_then_generic_prompts_and_mark_products_degraded()
    {
        var ct = TestContext.Current.CancellationToken;
        var emulator = new EmulatorOptions { Defaults = new DeploymentSettings { ContentFilterTriggers = ["forbiddenword"] } };
        await using var env = await ServerTestEnvironment.StartAsync(azurite, emulator);
        var (_, client) = await env.CreateTenantClientAsync("policy");
        var salt = Guid.NewGuid().ToString("N");
        var payload = $$"""
            {"kind":"generate","items":[
              {"productType":"ebook","brief":"A calm guide to tidy kitchens {{salt}}"},
              {"productType":"ebook","brief":"A guide that mentions forbiddenword {{salt}}","workingTitle":"Tidy kitchens"},
              {"productType":"printable","brief":"Planner pages {{salt}}","workingTitle":"The forbiddenword planner"}
            ]}
            """;

        var job = await client.WaitForJobAsync((await client.SubmitJobAsync(payload, ct)).JobId, ct);

        Assert.Equal(JobStatus.Completed, job.Status);
        var items = await client.GetAllItemsAsync(job.JobId, ct);
        Assert.Equal([false, true, true], items.Select(item => item.Degraded));
        foreach (var item in items)
        {
            Assert.Equal(item.Degraded, (await client.GetProductAsync(item.ProductId!, ct)).Degraded);
        }

        var refused = env.Emulator.State.Requests.Count(r => r.Kind.ToString().Equals("chat", StringComparison.OrdinalIgnoreCase) && r.StatusCode == 400);
        Assert.Equal(3, refused); // item 1: full prompt; item 2: full and simplified prompts
    }

    [Fact]
    public async Task Invalid_json_gets_one_repair_round_then_fails_InvalidOutput_with_the_raw_output_kept()
    {
        var ct = TestContext.Current.CancellationToken;
        var emulator = new EmulatorOptions { Defaults = new DeploymentSettings { InvalidJsonRate = 1 } };
        await using var env = await ServerTestEnvironment.StartAsync(azurite, emulator);
        var (tenant, client) = await env.CreateTenantClientAsync("repair");

        var job = await client.WaitForJobAsync(
            (await client.SubmitJobAsync(Payloads.Generate(2, salt: Guid.NewGuid().ToString("N")), ct)).JobId, ct);

        Assert.Equal(JobStatus.Failed, job.Status);
        var items = await client.GetAllItemsAsync(job.JobId, ct);
        Assert.All(items, item => Assert.Equal(ErrorClass.InvalidOutput, item.ErrorClass));
        Assert.Equal(4, env.Emulator.State.Requests.Count(r => r.Kind.ToString().Equals("chat", StringComparison.OrdinalIgnoreCase)));
        foreach (var item in items)
        {
            var folder = $"{tenant.TenantId}/{job.JobId}-{item.Index:D6}/";
            // The tenant reads the class's sentence; where the raw answers are is the operator's business (the log says it).
            Assert.Equal(FailureMessages.ForItem(ErrorClass.InvalidOutput, ""), item.ErrorMessage);
            Assert.DoesNotContain(StorageNames.Containers.Products, item.ErrorMessage, StringComparison.Ordinal);
            var raw = await env.Storage.ReadBlobAsync(StorageNames.Containers.Products, folder + "raw-1.txt", ct);
            Assert.NotNull(raw);
            Assert.NotEmpty(raw);
            Assert.NotNull(await env.Storage.ReadBlobAsync(StorageNames.Containers.Products, folder + "raw-2.txt", ct));
        }
    }
}
