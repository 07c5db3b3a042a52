using System.Net;
using System.Text.Json;
using CatalogForge.Api.Tenancy;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Triggers;
using CatalogForge.Core.Tenancy;
using CatalogForge.Functions.Http;
using CatalogForge.Functions.Tests.Support;
using CatalogForge.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace CatalogForge.Functions.Tests.Http;

/// <summary>The <c>RefreshCatalog</c> starter over Core's real refresh starter and Azurite, with a substitute Durable client.</summary>
public sealed class CatalogRefreshFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_refresh_schedules_an_on_demand_run_answers_202_and_a_second_one_while_it_runs_is_409_for_that_tenant_only()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var directory = app.Services.GetRequiredService<ITenantDirectory>();
        var tenant = (await directory.CreateAsync("functions-refresh", ct)).TenantId;
        var other = (await directory.CreateAsync("functions-refresh-other", ct)).TenantId;

        var (status, location, json) = await RefreshAsync(app, tenant);

        Assert.Equal(HttpStatusCode.Accepted, status);
        var runId = json.GetProperty("runId").GetString()!;
        Assert.True(NightlyIds.IsRunId(runId) && runId.Length == NightlyIds.OnDemandFormat.Length, runId);
        Assert.Equal(NightlyIds.InstanceId(tenant, runId), json.GetProperty("instanceId").GetString());
        Assert.Equal("Running", json.GetProperty("status").GetString());
        Assert.Equal($"/api/catalog/runs/{runId}", json.GetProperty("statusUrl").GetString());
        Assert.Equal($"/api/catalog/runs/{runId}", location);
        await app.Client.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == "NightlyRunOrchestrator"), new NightlyRunInput(tenant, runId),
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == NightlyIds.InstanceId(tenant, runId)), Arg.Any<CancellationToken>());

        // The substitute reports no instance yet: the lease written a moment ago still holds.
        var (busyStatus, _, busy) = await RefreshAsync(app, tenant);
        Assert.Equal(HttpStatusCode.Conflict, busyStatus);
        Assert.Equal(runId, busy.GetProperty("runId").GetString());
        Assert.Contains($"/api/catalog/runs/{runId}", busy.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (otherStatus, _, otherJson) = await RefreshAsync(app, other);
        Assert.Equal(HttpStatusCode.Accepted, otherStatus);
        Assert.Equal(NightlyIds.InstanceId(other, otherJson.GetProperty("runId").GetString()!), otherJson.GetProperty("instanceId").GetString());
        await app.Client.Received(2).ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Once_the_run_has_ended_the_next_refresh_starts_a_new_run()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = (await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-refresh-again", ct)).TenantId;
        var first = (await RefreshAsync(app, tenant)).Json.GetProperty("runId").GetString()!;
        app.Client.GetInstanceAsync(NightlyIds.InstanceId(tenant, first), Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns(new OrchestrationMetadata("NightlyRunOrchestrator", NightlyIds.InstanceId(tenant, first)) { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        await Task.Delay(TimeSpan.FromSeconds(1.1), ct);

        var (status, _, json) = await RefreshAsync(app, tenant);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.True(string.CompareOrdinal(json.GetProperty("runId").GetString(), first) > 0);
    }

    [Fact]
    public async Task A_lease_left_by_a_start_that_never_happened_expires_after_the_grace_period()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = (await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-refresh-stale", ct)).TenantId;
        var leases = app.Services.GetRequiredService<NightlyLeaseStore>();
        await leases.Leases.UpsertEntityAsync(new TenantRunLeaseEntity
        {
            PartitionKey = tenant, RowKey = TenantRunLeaseEntity.RowKeyValue, RunId = "20261201-010000",
            AcquiredAt = DateTimeOffset.UtcNow - NightlyRefreshStarter.StartGrace - TimeSpan.FromSeconds(5),
        }, cancellationToken: ct);

        var (status, _, json) = await RefreshAsync(app, tenant);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(json.GetProperty("runId").GetString(), (await leases.TenantRunLeaseAsync(tenant, ct))!.RunId);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, HttpStatusCode.Conflict)]
    [InlineData(OrchestrationRuntimeStatus.Failed, HttpStatusCode.Accepted)]
    public async Task A_run_row_still_Running_blocks_only_while_its_instance_runs(OrchestrationRuntimeStatus instance, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = (await app.Services.GetRequiredService<ITenantDirectory>().CreateAsync("functions-refresh-row", ct)).TenantId;
        const string scheduled = "20261201";
        await app.Services.GetRequiredService<NightlySnapshotStore>().Runs.UpsertEntityAsync(new NightlyRunEntity
        {
            PartitionKey = tenant, RowKey = scheduled, Status = NightlyRunStatus.Running, SnapshotId = scheduled, StartedAt = DateTimeOffset.UtcNow,
        }, cancellationToken: ct);
        app.Client.GetInstanceAsync(NightlyIds.InstanceId(tenant, scheduled), Arg.Any<bool>(), Arg.Any<CancellationToken>())
            .Returns(new OrchestrationMetadata("NightlyRunOrchestrator", NightlyIds.InstanceId(tenant, scheduled)) { RuntimeStatus = instance });

        var (status, _, json) = await RefreshAsync(app, tenant);

        Assert.Equal(expected, status);
        if (expected == HttpStatusCode.Conflict)
        {
            Assert.Equal(scheduled, json.GetProperty("runId").GetString());
        }
    }

    /// <summary>Runs the function as the ASP.NET Core integration would: request in, returned IActionResult executed on the context.</summary>
    private static async Task<(HttpStatusCode Status, string? Location, JsonElement Json)> RefreshAsync(FunctionsServices app, string tenantId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = HttpMethods.Post;
        http.Request.Path = "/api/catalog/refresh";
        var response = new MemoryStream();
        http.Response.Body = response;

        var functions = ActivatorUtilities.CreateInstance<CatalogRefreshFunctions>(scope.ServiceProvider);
        var result = await functions.RefreshAsync(http.Request, app.Client);
        await ((ResultActionResult)result).Result.ExecuteAsync(http);

        using var document = JsonDocument.Parse(response.ToArray());
        return ((HttpStatusCode)http.Response.StatusCode, http.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
            document.RootElement.Clone());
    }
}
