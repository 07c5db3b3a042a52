using System.Net;
using System.Text.Json;
using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence.Duplicates;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Functions.Http;
using CatalogForge.Functions.Tests.Support;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Functions.Tests.Http;

/// <summary>
/// The Functions app's nightly read functions on Azurite: query values reach the shared handlers, and a snapshot is
/// served to its tenant only.
/// </summary>
public sealed class CatalogInsightsFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_functions_serve_the_tenants_current_snapshot_and_refuse_bad_values_naming_the_field()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var (owner, stranger) = ($"fn-reads-{Guid.NewGuid():N}", $"fn-reads-other-{Guid.NewGuid():N}");
        await PublishSnapshotAsync(app.Services, owner, ct);

        var similar = await CallAsync<ProductsFunctions>(app, owner, "?k=1", (f, r) => f.SimilarAsync(r, "p1"));
        Assert.Equal(HttpStatusCode.OK, similar.Status);
        Assert.Equal("20261201", similar.Json.GetProperty("snapshotId").GetString());
        var first = Assert.Single(similar.Json.GetProperty("similar").EnumerateArray());
        Assert.Equal(("p2", "Sourdough kit (copy)"), (first.GetProperty("productId").GetString(), first.GetProperty("title").GetString()));

        var duplicates = await CallAsync<CatalogInsightsFunctions>(app, owner, "", (f, r) => f.DuplicatesAsync(r));
        var cluster = Assert.Single(duplicates.Json.GetProperty("clusters").EnumerateArray());
        Assert.Equal(["Sourdough kit", "Sourdough kit (copy)"], cluster.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("title").GetString()));

        var runs = await CallAsync<CatalogInsightsFunctions>(app, owner, "?pageSize=5", (f, r) => f.RunsAsync(r));
        var run = Assert.Single(runs.Json.GetProperty("items").EnumerateArray());
        Assert.True(run.GetProperty("isCurrent").GetBoolean());
        Assert.Equal(0.0025m, run.GetProperty("costUsd").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, (await CallAsync<CatalogInsightsFunctions>(app, owner, "", (f, r) => f.RunAsync(r, "20261201"))).Status);
        Assert.Empty((await CallAsync<CatalogInsightsFunctions>(app, owner, "", (f, r) => f.AlertsAsync(r))).Json.GetProperty("items").EnumerateArray());

        // Another tenant: 404 for the product, nothing in the lists, no snapshot.
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync<ProductsFunctions>(app, stranger, "", (f, r) => f.SimilarAsync(r, "p1"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync<CatalogInsightsFunctions>(app, stranger, "", (f, r) => f.RunAsync(r, "20261201"))).Status);
        Assert.Empty((await CallAsync<CatalogInsightsFunctions>(app, stranger, "", (f, r) => f.RunsAsync(r))).Json.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, (await CallAsync<CatalogInsightsFunctions>(app, stranger, "", (f, r) => f.DuplicatesAsync(r))).Json.GetProperty("snapshotId").ValueKind);
        Assert.Equal(JsonValueKind.Null, (await CallAsync<CatalogInsightsFunctions>(app, stranger, "", (f, r) => f.InsightsAsync(r))).Json.GetProperty("risk").ValueKind);

        // Bad values: 400 naming the field.
        AssertInvalid(await CallAsync<ProductsFunctions>(app, owner, "?k=0", (f, r) => f.SimilarAsync(r, "p1")), "k");
        AssertInvalid(await CallAsync<CatalogInsightsFunctions>(app, owner, "?pageSize=0", (f, r) => f.AlertsAsync(r)), "pageSize");
        AssertInvalid(await CallAsync<CatalogInsightsFunctions>(app, owner, "?continuationToken=forged.AAAA", (f, r) => f.RunsAsync(r)), "continuationToken");
        AssertInvalid(await CallAsync<CatalogInsightsFunctions>(app, owner, "", (f, r) => f.RunAsync(r, "2026-12-01")), "runId");
    }

    /// <summary>Two products, a snapshot in which they are each other's near-duplicate, the pointer on it, and its run row.</summary>
    private static async Task PublishSnapshotAsync(IServiceProvider services, string tenantId, CancellationToken ct)
    {
        var tables = services.GetRequiredService<CatalogTables>();
        foreach (var (id, title) in new[] { ("p1", "Sourdough kit"), ("p2", "Sourdough kit (copy)") })
        {
            await tables.Products.UpsertEntityAsync(new ProductEntity { PartitionKey = tenantId, RowKey = id, Title = title, Kind = nameof(JobKind.Enrich) }, cancellationToken: ct);
        }

        var store = services.GetRequiredService<NightlySnapshotStore>();
        const string SnapshotId = "20261201";
        var now = DateTimeOffset.UtcNow;
        await store.WriteAsync(tenantId, SnapshotId, NightlySnapshotStore.Similar,
            new[] { new SimilarProducts("p1", [new SimilarProduct("p2", 0.97f)]), new SimilarProducts("p2", [new SimilarProduct("p1", 0.97f)]) }, ct);
        await store.WriteAsync(tenantId, SnapshotId, NightlySnapshotStore.Duplicates,
            new[] { new DuplicateCluster(DuplicateClustering.KeyOf(["p1", "p2"]), ["p1", "p2"], [new DuplicatePair("p1", "p2", 0.97f)]) }, ct);
        await store.Snapshots.UpsertEntityAsync(new NightlySnapshotEntity { PartitionKey = tenantId, RowKey = SnapshotId, SnapshotId = SnapshotId, PublishedAt = now }, cancellationToken: ct);
        await store.MovePointerAsync(tenantId, SnapshotId, null, now, ct);
        await store.Runs.UpsertEntityAsync(new NightlyRunEntity
        {
            PartitionKey = tenantId, RowKey = SnapshotId, Status = NightlyRunStatus.Completed, SnapshotId = SnapshotId,
            StartedAt = now.AddSeconds(-3), FinishedAt = now, Products = 2, NearDuplicatePairs = 1, Clusters = 1, CostMicroUsd = 2_500,
        }, cancellationToken: ct);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> CallAsync<TFunctions>(
        FunctionsServices app, string tenantId, string query, Func<TFunctions, HttpRequest, Task<IActionResult>> call)
        where TFunctions : class
    {
        var scope = app.Services.CreateScope().ServiceProvider;
        scope.GetRequiredService<TenantContext>().Set(tenantId);
        var http = new DefaultHttpContext { RequestServices = scope };
        http.Request.Method = HttpMethods.Get;
        http.Request.QueryString = new QueryString(query);
        http.Response.Body = new MemoryStream();
        var result = await call(ActivatorUtilities.CreateInstance<TFunctions>(scope), http.Request);
        await ((ResultActionResult)result).Result.ExecuteAsync(http);
        var body = ((MemoryStream)http.Response.Body).ToArray();
        using var document = JsonDocument.Parse(body.Length == 0 ? "null"u8.ToArray() : body);
        return ((HttpStatusCode)http.Response.StatusCode, document.RootElement.Clone());
    }

    private static void AssertInvalid((HttpStatusCode Status, JsonElement Json) answer, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal([field], answer.Json.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }
}
