extern alias AiEmulator;

using System.Text.Json;
using System.Text.Json.Nodes;
using AiEmulator::CatalogForge.AiEmulator;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Activities;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Perception;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CatalogForge.Server.Tests.Nightly;

/// <summary>The nightly run on the Server's Durable Task engine against Azurite and the AI emulator.</summary>
public sealed class NightlyRunTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Day1 = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Nightly_run_publishes_one_whole_snapshot_per_day_re_embeds_only_what_changed_and_keeps_tenants_apart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("nightly");
        var (other, otherClient) = await env.CreateTenantClientAsync("nightly-other");
        await RunJobAsync(client, 6, ct);
        var otherProducts = await RunJobAsync(otherClient, 2, ct);
        var runner = env.Server.Services.GetRequiredService<NightlyRunner>();
        var workflows = env.Server.Services.GetRequiredService<IWorkflowClient>();

        // Day 1: the embeddings the jobs wrote are current, so the run makes no model call.
        var requestsBefore = env.Emulator.State.Requests.Count;
        var day1 = await RunAsync(runner, workflows, tenant.TenantId, Day1, ct);
        Assert.Equal(requestsBefore, env.Emulator.State.Requests.Count);
        var run1 = await RowAsync(env, StorageNames.Tables.NightlyRuns, tenant.TenantId, "20261201", ct);
        Assert.Equal(NightlyRunStatus.Completed, run1.GetString("Status"));
        Assert.Equal(6, run1.GetInt32("Products"));
        Assert.Equal(0, run1.GetInt32("Reembedded"));
        Assert.Equal("20261201", await CurrentAsync(env, tenant.TenantId, ct));
        var similar = await SimilarAsync(env, tenant.TenantId, "20261201", ct);
        Assert.Equal(6, similar.Count);
        Assert.All(similar, p => Assert.Equal(5, p.Similar.Count));
        Assert.All(similar.SelectMany(p => p.Similar), s => Assert.Contains(similar, p => p.ProductId == s.ProductId));

        // A second start the same day is a no-op: same instance, same run row.
        Assert.Equal(day1, await runner.StartAsync(tenant.TenantId, Day1.AddHours(20), ct));
        Assert.Equal(WorkflowStatus.Completed, (await workflows.GetAsync(day1, ct))!.Status);
        Assert.Equal(run1.ETag, (await RowAsync(env, StorageNames.Tables.NightlyRuns, tenant.TenantId, "20261201", ct)).ETag);

        // Day 2: one product's embedding was made from other text: only that one is embedded again (the pay-once cache
        // answers it, the text being the one embedded before).
        var embeddings = new TableClient(azurite.ConnectionString, StorageNames.Tables.Embeddings);
        var stale = similar[0].ProductId;
        await embeddings.UpsertEntityAsync(new TableEntity(tenant.TenantId, stale) { ["ContentHash"] = "stale" }, TableUpdateMode.Merge, ct);
        await RunAsync(runner, workflows, tenant.TenantId, Day1.AddDays(1), ct);
        var run2 = await RowAsync(env, StorageNames.Tables.NightlyRuns, tenant.TenantId, "20261202", ct);
        Assert.Equal(1, run2.GetInt32("Reembedded"));
        Assert.Equal("20261201", run2.GetString("PreviousSnapshotId"));
        Assert.Equal("20261202", await CurrentAsync(env, tenant.TenantId, ct));
        Assert.NotEqual("stale", (await embeddings.GetEntityAsync<TableEntity>(tenant.TenantId, stale, cancellationToken: ct)).Value.GetString("ContentHash"));

        // Day 9 with KeepDays 7: the snapshot of day 1 is deleted, day 2's kept.
        await RunAsync(runner, workflows, tenant.TenantId, Day1.AddDays(8), ct);
        Assert.Null(await env.Storage.ReadBlobAsync(StorageNames.Containers.Nightly, $"{tenant.TenantId}/20261201/similar.json", ct));
        Assert.NotNull(await env.Storage.ReadBlobAsync(StorageNames.Containers.Nightly, $"{tenant.TenantId}/20261202/similar.json", ct));
        Assert.Equal(["20261202", "20261209", "current"],
            (await env.Storage.PartitionAsync(StorageNames.Tables.NightlySnapshots, tenant.TenantId, ct)).Select(r => r.RowKey).Order(StringComparer.Ordinal));

        // The other tenant: no snapshot until its own run, which sees only its own products.
        Assert.Null(await CurrentOrNullAsync(env, other.TenantId, ct));
        await RunAsync(runner, workflows, other.TenantId, Day1, ct);
        var otherSimilar = await SimilarAsync(env, other.TenantId, "20261201", ct);
        Assert.Equal(otherProducts.Order(), otherSimilar.Select(p => p.ProductId).Order());
        Assert.All(otherSimilar, p => Assert.Equal(otherProducts.Single(id => id != p.ProductId), Assert.Single(p.Similar).ProductId));
    }

    [Fact]
    public async Task A_crash_between_snapshot_write_and_pointer_move_serves_the_old_snapshot_and_the_resumed_run_makes_no_model_call()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new PublishGate();
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: services =>
            services.AddTransient(sp => gate.Pass(sp)));
        var (tenant, client) = await env.CreateTenantClientAsync("nightly-crash");
        var products = await RunJobAsync(client, 4, ct);
        await PutBrandProfileAsync(client, ct);
        await RunAsync(env.Server.Services.GetRequiredService<NightlyRunner>(), env.Server.Services.GetRequiredService<IWorkflowClient>(),
            tenant.TenantId, Day1, ct);

        // Day 2: one product's text changed, so the run pays one embedding call; then host 1 dies at the pointer move.
        await ChangeDescriptionAsync(azurite, tenant.TenantId, products[0], ct);
        var embeddingCalls = env.Emulator.State.Requests.Count(r => r.Kind == RequestKind.Embeddings);
        var chatCalls = env.Emulator.State.Requests.Count(r => r.Kind == RequestKind.Chat);
        gate.Armed = true;
        var instanceId = await env.Server.Services.GetRequiredService<NightlyRunner>().StartAsync(tenant.TenantId, Day1.AddDays(1), ct);
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(90), ct);

        Assert.Equal(embeddingCalls + 1, env.Emulator.State.Requests.Count(r => r.Kind == RequestKind.Embeddings));
        Assert.Equal(chatCalls + Probes.Length, env.Emulator.State.Requests.Count(r => r.Kind == RequestKind.Chat)); // the day's probes, paid
        Assert.Equal("20261201", await CurrentAsync(env, tenant.TenantId, ct));
        foreach (var blob in new[]
                 {
                     NightlySnapshotStore.Similar, NightlySnapshotStore.Duplicates, NightlySnapshotStore.State, NightlySnapshotStore.Insights,
                     NightlySnapshotStore.Perception,
                 })
        {
            Assert.NotNull(await env.Storage.ReadBlobAsync(StorageNames.Containers.Nightly, $"{tenant.TenantId}/20261202/{blob}", ct));
        }

        client.Dispose();
        await env.Server.DisposeAsync();
        var requestsBeforeResume = env.Emulator.State.Requests.Count;
        Assert.Equal(4, (await SimilarAsync(env, tenant.TenantId, "20261201", ct)).Count);

        await using var host2 = env.NewServer();
        var done = await host2.Services.GetRequiredService<IWorkflowClient>().WaitForCompletionAsync(instanceId, TimeSpan.FromSeconds(120), ct);

        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal("20261202", await CurrentAsync(env, tenant.TenantId, ct));
        var run = await RowAsync(env, StorageNames.Tables.NightlyRuns, tenant.TenantId, "20261202", ct);
        Assert.Equal(NightlyRunStatus.Completed, run.GetString("Status"));
        Assert.Equal(1, run.GetInt32("Reembedded"));
        Assert.Equal(requestsBeforeResume, env.Emulator.State.Requests.Count);
        var insights = await InsightsAsync(env, tenant.TenantId, "20261202", ct);
        Assert.Equal(Probes.Length, Assert.IsType<PerceptionReport>(await PerceptionAsync(env, tenant.TenantId, "20261202", ct)).AnsweredProbes);
        Assert.NotNull(insights.Perception);
    }

    internal static readonly string[] Probes =
    [
        "Which online shops sell the best sourdough guides?",
        "Where do beginners buy baking courses?",
        "Best bread baking ebooks for a home kitchen?",
        "Which brand makes the most reliable proofing baskets?",
    ];

    internal static async Task PutBrandProfileAsync(HttpClient client, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new { brand = "Crumb & Co", competitors = new[] { "Loaf Lab", "Rise Up", "Proof Bakery" }, probes = Probes, language = "en" });
        using var response = await client.PutAsync("/api/catalog/brand-profile", ApiCalls.JsonBody(body), ct);
        await ApiCalls.EnsureStatusAsync(response, System.Net.HttpStatusCode.OK, ct);
    }

    internal static async Task<NightlyInsights> InsightsAsync(ServerTestEnvironment env, string tenantId, string snapshotId, CancellationToken ct) =>
        JsonSerializer.Deserialize<NightlyInsights>(
            await env.Storage.ReadBlobAsync(StorageNames.Containers.Nightly, $"{tenantId}/{snapshotId}/{NightlySnapshotStore.Insights}", ct)
            ?? throw new Xunit.Sdk.XunitException($"Snapshot {snapshotId} has no insights."), CatalogJson.Options)!;

    internal static async Task<PerceptionReport?> PerceptionAsync(ServerTestEnvironment env, string tenantId, string snapshotId, CancellationToken ct) =>
        await env.Storage.ReadBlobAsync(StorageNames.Containers.Nightly, $"{tenantId}/{snapshotId}/{NightlySnapshotStore.Perception}", ct) is { } blob
            ? JsonSerializer.Deserialize<PerceptionReport>(blob, CatalogJson.Options)
            : null;

    /// <summary>Once armed, holds <see cref="PublishSnapshotActivity"/> until the host stops: a crash right before the pointer moves.</summary>
    private sealed class PublishGate
    {
        public volatile bool Armed;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PublishSnapshotActivity Pass(IServiceProvider services)
        {
            if (Armed)
            {
                Reached.TrySetResult();
                var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                stopping.WaitHandle.WaitOne();
                throw new OperationCanceledException("The host stopped before the pointer moved.", stopping);
            }

            return ActivatorUtilities.CreateInstance<PublishSnapshotActivity>(services);
        }
    }

    private static async Task ChangeDescriptionAsync(AzuriteFixture azurite, string tenantId, string productId, CancellationToken ct)
    {
        var blob = new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, StorageNames.Containers.Products)
            .GetBlobClient($"{tenantId}/{productId}/content.json");
        var content = JsonNode.Parse((await blob.DownloadContentAsync(ct)).Value.Content.ToString())!;
        content["description"] = content["description"]!.GetValue<string>() + " Now with a chapter on storage.";
        await blob.UploadAsync(BinaryData.FromString(content.ToJsonString()), overwrite: true, ct);
    }

    internal static async Task<List<string>> RunJobAsync(HttpClient client, int count, CancellationToken ct)
    {
        var accepted = await client.SubmitJobAsync(Payloads.Generate(count, salt: Guid.NewGuid().ToString("N"), images: false), ct);
        var job = await client.WaitForJobAsync(accepted.JobId, ct);
        Assert.Equal(JobStatus.Completed, job.Status);
        return (await client.GetAllItemsAsync(accepted.JobId, ct)).Select(item => item.ProductId!).ToList();
    }

    internal static async Task<string> RunAsync(NightlyRunner runner, IWorkflowClient workflows, string tenantId, DateTimeOffset day, CancellationToken ct)
    {
        var instanceId = await runner.StartAsync(tenantId, day, ct);
        var done = await workflows.WaitForCompletionAsync(instanceId, TimeSpan.FromSeconds(90), ct);
        Assert.Equal(WorkflowStatus.Completed, done.Status);
        Assert.Equal(NightlyRunStatus.Completed, done.GetOutput<NightlyRunSummary>()!.Status);
        return instanceId;
    }

    internal static async Task<TableEntity> RowAsync(ServerTestEnvironment env, string table, string tenantId, string rowKey, CancellationToken ct) =>
        Assert.Single(await env.Storage.PartitionAsync(table, tenantId, ct), row => row.RowKey == rowKey);

    private static async Task<string?> CurrentOrNullAsync(ServerTestEnvironment env, string tenantId, CancellationToken ct) =>
        (await env.Storage.PartitionAsync(StorageNames.Tables.NightlySnapshots, tenantId, ct))
        .SingleOrDefault(row => row.RowKey == NightlySnapshotEntity.CurrentRowKey)?.GetString("SnapshotId");

    private static async Task<string> CurrentAsync(ServerTestEnvironment env, string tenantId, CancellationToken ct) =>
        await CurrentOrNullAsync(env, tenantId, ct) ?? throw new Xunit.Sdk.XunitException($"Tenant {tenantId} has no current snapshot.");

    private static async Task<List<SimilarProducts>> SimilarAsync(ServerTestEnvironment env, string tenantId, string snapshotId, CancellationToken ct)
    {
        var blob = await env.Storage.ReadBlobAsync(StorageNames.Containers.Nightly, $"{tenantId}/{snapshotId}/{NightlySnapshotStore.Similar}", ct);
        Assert.NotNull(blob);
        return JsonSerializer.Deserialize<List<SimilarProducts>>(blob, CatalogJson.Options)!;
    }
}
