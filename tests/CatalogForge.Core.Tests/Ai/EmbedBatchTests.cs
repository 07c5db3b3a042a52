using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CatalogForge.AiEmulator;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Ai.Ledger;
using CatalogForge.Core.Ai.Resilience;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tests.Ai.Ledger;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Ai;

/// <summary>
/// <see cref="IAiGateway.EmbedBatchAsync"/> against the AI emulator over HTTP through the SDK: many texts in one request,
/// each text paid once (its own cache entry), the budget and the ledger per request, the client-side limiter charged
/// the request's tokens, and a request that fails as a whole classified and recorded.
/// </summary>
public sealed class EmbedBatchTests(AzuriteFixture azurite)
{
    private const string EmulatorDeployment = "text-embedding-3-small";
    private const int Dimensions = 64;
    private const decimal InputPerMillion = 20m; // dear enough that a few texts cost whole micro-dollars

    private static readonly string[] FirstBatch =
    [
        "walnut cutting board with juice groove",
        "red cotton crew neck t-shirt",
        "stainless steel electric kettle with auto shut-off",
        "sourdough baking guide for beginners",
        "linen apron with two pockets",
    ];

    [Fact]
    public async Task A_batch_is_one_request_and_a_second_batch_pays_only_for_the_texts_not_embedded_before()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken: ct);
        using var admin = new HttpClient { BaseAddress = emulator.BaseUri };
        var (tables, _) = await LedgerStorage.CreateAsync(azurite);
        var tenant = LedgerStorage.NewTenant("embed-batch");
        var deployment = $"embedding-{Guid.NewGuid():N}";
        await using var services = Services(emulator, deployment, new Dictionary<string, string?> { [$"Ai:Budgets:Tenants:{tenant}"] = "5" });
        var gateway = services.GetRequiredService<IAiGateway>();

        var first = await gateway.EmbedBatchAsync(new AiCallContext(tenant, "job-1"), FirstBatch, ct);

        Assert.Equal(1, await EmbeddingRequestsAsync(admin, ct));
        var firstTokens = FirstBatch.Sum(text => (long)ModelTokens.Count(EmulatorDeployment, text));
        Assert.Equal(firstTokens, (await RequestsAsync(admin, ct)).Single()!["promptTokens"]!.GetValue<long>());
        Assert.Equal(FirstBatch.Length, first.Count);
        Assert.All(first, result => Assert.False(result.Usage.CacheHit));
        Assert.Equal(firstTokens, first.Sum(result => result.Usage.InputTokens));
        Assert.All(first.Zip(FirstBatch), pair => Assert.Equal(ModelTokens.Count(EmulatorDeployment, pair.Second), pair.First.Usage.InputTokens));

        // In input order: each vector is the one the text gets on its own (another tenant, so not from the cache).
        var alone = await gateway.EmbedAsync(new AiCallContext(LedgerStorage.NewTenant("embed-alone")), FirstBatch[3], ct);
        Assert.Equal(alone.Value, first[3].Value);
        Assert.All(first, result => Assert.Equal(Dimensions, result.Value.Length));

        // The budget: the request's cost spent, nothing left reserved; the ledger: one row with the request's tokens.
        var cost = Money.TokenCost(firstTokens, 0, new AiDeploymentOptions { InputPerMillion = InputPerMillion });
        var budget = await services.GetRequiredService<DailyBudgetGuard>().GetTodayAsync(tenant, ct);
        Assert.Equal(cost, budget.SpentUsd);
        Assert.Equal(0m, budget.ReservedUsd);
        var row = Assert.Single(await LedgerRowsAsync(tables, tenant, ct));
        Assert.Equal((firstTokens, Money.ToMicros(cost), false, 1, "job-1"), (row.InputTokens, row.CostMicroUsd, row.CacheHit, row.Attempts, row.JobId));

        // Overlap: two texts embedded before, two new ones (one given twice). Only the new ones are sent.
        string[] second = [FirstBatch[1], "oak serving tray", FirstBatch[4], "ceramic pour-over coffee dripper", "oak serving tray"];
        var results = await gateway.EmbedBatchAsync(new AiCallContext(tenant, "job-2"), second, ct);

        Assert.Equal(3, await EmbeddingRequestsAsync(admin, ct)); // the first batch, the text alone, this batch
        var newTokens = ModelTokens.Count(EmulatorDeployment, second[1]) + ModelTokens.Count(EmulatorDeployment, second[3]);
        Assert.Equal(newTokens, (await RequestsAsync(admin, ct))[^1]!["promptTokens"]!.GetValue<long>());
        Assert.Equal(new[] { true, false, true, false, true }, results.Select(result => result.Usage.CacheHit));
        Assert.Equal(first[1].Value, results[0].Value);
        Assert.Equal(first[4].Value, results[2].Value);
        Assert.Equal(results[1].Value, results[4].Value);
        Assert.Equal(0m, results.Where(result => result.Usage.CacheHit).Sum(result => result.Usage.CostUsd));

        var rows = (await LedgerRowsAsync(tables, tenant, ct)).Where(r => r.JobId == "job-2").ToList();
        var paid = Assert.Single(rows, r => !r.CacheHit);
        Assert.Equal(newTokens, paid.InputTokens);
        var hits = Assert.Single(rows, r => r.CacheHit);
        Assert.Equal((ModelTokens.Count(EmulatorDeployment, second[0]) + ModelTokens.Count(EmulatorDeployment, second[2]), 0L),
            (hits.InputTokens, hits.CostMicroUsd));
        Assert.Equal(cost + Money.TokenCost(newTokens, 0, new AiDeploymentOptions { InputPerMillion = InputPerMillion }),
            (await services.GetRequiredService<DailyBudgetGuard>().GetTodayAsync(tenant, ct)).SpentUsd);

        // All cached now: no request at all.
        await gateway.EmbedBatchAsync(new AiCallContext(tenant, "job-3"), second, ct);
        Assert.Equal(3, await EmbeddingRequestsAsync(admin, ct));
    }

    [Fact]
    public async Task A_batch_is_charged_its_tokens_at_the_client_side_limiter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken: ct);
        await LedgerStorage.CreateAsync(azurite);
        var deployment = $"embedding-{Guid.NewGuid():N}";
        var firstTokens = FirstBatch.Sum(text => ModelTokens.Count(EmulatorDeployment, text));
        await using var services = Services(emulator, deployment, new Dictionary<string, string?>
        {
            [$"Ai:Deployments:{deployment}:TokensPerMinute"] = $"{firstTokens + 5}",
            [$"Ai:Deployments:{deployment}:RequestsPerMinute"] = "600",
        });
        var gateway = services.GetRequiredService<IAiGateway>();
        var limiter = services.GetRequiredService<DeploymentRateLimiters>().For(deployment)!;
        var tenant = LedgerStorage.NewTenant("embed-limit");

        await gateway.EmbedBatchAsync(new AiCallContext(tenant), FirstBatch, ct);

        // The first request took all but 5 of the minute's tokens: the next batch (more than 5 tokens) waits, unsent.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var next = gateway.EmbedBatchAsync(new AiCallContext(tenant), ["oak serving tray", "ceramic pour-over coffee dripper"], stop.Token);
        await WaitUntilAsync(() => limiter.Waiting == 1, ct);
        Assert.Single(emulator.State.Requests, r => r.Kind == RequestKind.Embeddings);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public async Task A_batch_that_fails_as_a_whole_is_classified_recorded_and_neither_paid_nor_cached()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new EmulatorOptions { Deployments = { [EmulatorDeployment] = new DeploymentSettings { ServerErrorsBeforeSuccess = 4 } } };
        await using var emulator = await EmulatorHost.StartAsync(options, cancellationToken: ct);
        var (tables, _) = await LedgerStorage.CreateAsync(azurite);
        var tenant = LedgerStorage.NewTenant("embed-fail");
        var deployment = $"embedding-{Guid.NewGuid():N}";
        await using var services = Services(emulator, deployment, new Dictionary<string, string?>
        {
            [$"Ai:Budgets:Tenants:{tenant}"] = "5",
            ["Ai:Retry:BaseDelay"] = "00:00:00.010",
            ["Ai:Retry:MaxDelay"] = "00:00:00.050",
        });
        var gateway = services.GetRequiredService<IAiGateway>();

        var failure = await Assert.ThrowsAsync<AiCallException>(() => gateway.EmbedBatchAsync(new AiCallContext(tenant, "job-f"), FirstBatch, ct));

        Assert.Equal(ErrorClass.ServerError, failure.ErrorClass);
        Assert.Equal(4, emulator.State.Requests.Count(r => r.Kind == RequestKind.Embeddings)); // the first attempt and 3 retries
        var row = Assert.Single(await LedgerRowsAsync(tables, tenant, ct));
        Assert.Equal((true, nameof(ErrorClass.ServerError), 4, 3, 0L), (row.Failed, row.ErrorClass, row.Attempts, row.Retries, row.CostMicroUsd));
        var budget = await services.GetRequiredService<DailyBudgetGuard>().GetTodayAsync(tenant, ct);
        Assert.Equal((0m, 0m), (budget.SpentUsd, budget.ReservedUsd));

        // Nothing was cached: the same batch is sent again, and now succeeds.
        var retried = await gateway.EmbedBatchAsync(new AiCallContext(tenant, "job-f"), FirstBatch, ct);
        Assert.Equal(5, emulator.State.Requests.Count(r => r.Kind == RequestKind.Embeddings));
        Assert.All(retried, result => Assert.False(result.Usage.CacheHit));
    }

    [Fact]
    public async Task More_texts_than_one_request_may_carry_are_refused_before_anything_is_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions(), cancellationToken: ct);
        await LedgerStorage.CreateAsync(azurite);
        await using var services = Services(emulator, $"embedding-{Guid.NewGuid():N}", new Dictionary<string, string?>());
        var texts = Enumerable.Range(0, AiGateway.MaxEmbeddingInputs + 1).Select(i => $"text {i}").ToList();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            services.GetRequiredService<IAiGateway>().EmbedBatchAsync(new AiCallContext(LedgerStorage.NewTenant("embed-many")), texts, ct));
        Assert.Empty(emulator.State.Requests);
    }

    private static async Task<long> EmbeddingRequestsAsync(HttpClient admin, CancellationToken ct) =>
        (await admin.GetFromJsonAsync<JsonObject>("admin/counters", ct))!["embeddingRequests"]!.GetValue<long>();

    private static async Task<JsonArray> RequestsAsync(HttpClient admin, CancellationToken ct) =>
        (await admin.GetFromJsonAsync<JsonArray>("admin/requests?kind=embeddings", ct))!;

    private static async Task<List<UsageEntity>> LedgerRowsAsync(TableServiceClient tables, string tenant, CancellationToken ct)
    {
        var rows = new List<UsageEntity>();
        var partition = $"{tenant}|{DateTimeOffset.UtcNow:yyyyMMdd}";
        await foreach (var row in tables.GetTableClient(StorageNames.Tables.Usage)
                           .QueryAsync<UsageEntity>(e => e.PartitionKey == partition, cancellationToken: ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
        }
    }

    private ServiceProvider Services(EmulatorHost emulator, string deployment, Dictionary<string, string?> settings)
    {
        var prefix = $"Ai:Deployments:{deployment}:";
        settings[prefix + "Tier"] = "standard";
        settings[prefix + "Dimensions"] = $"{Dimensions}";
        settings[prefix + "InputPerMillion"] = $"{InputPerMillion}";
        EmulatorAiServices.AddDeployment(settings, deployment, EmulatorDeployment, AiTask.Embedding);
        return EmulatorAiServices.Build(azurite, emulator, settings);
    }
}
