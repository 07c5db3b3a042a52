using System.Net;
using System.Text.Json;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Nightly.Activities;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Server.Tests.Nightly;

/// <summary><c>POST /api/catalog/refresh</c> on the Server's engine against Azurite: 202 and a finished run, 409 while running, tenants apart.</summary>
public sealed class CatalogRefreshApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_refresh_starts_an_on_demand_run_that_completes_answers_409_while_it_runs_and_leaves_other_tenants_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new PublishHold();
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: services =>
            services.AddTransient(sp => gate.Pass(sp)));
        var (tenant, client) = await env.CreateTenantClientAsync("refresh");
        var (other, otherClient) = await env.CreateTenantClientAsync("refresh-other");
        var workflows = env.Server.Services.GetRequiredService<IWorkflowClient>();

        // Tenant A's run is held right before it publishes: it is Running.
        var first = await AcceptedAsync(await client.PostAsync("/api/catalog/refresh", null, ct), ct);
        Assert.True(NightlyIds.IsRunId(first.RunId) && !NightlyIds.IsRunDate(first.RunId), first.RunId);
        Assert.Equal(NightlyIds.InstanceId(tenant.TenantId, first.RunId), first.InstanceId);
        // The status URL answers at once: the run row is written before the 202.
        using (var status = await client.GetAsync(first.StatusUrl, ct))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            Assert.Equal("Running", JsonDocument.Parse(await status.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("status").GetString());
        }

        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(90), ct);

        var busy = await Problem.ReadAsync(await client.PostAsync("/api/catalog/refresh", null, ct), HttpStatusCode.Conflict, ct);
        Assert.Contains($"/api/catalog/runs/{first.RunId}", busy.Detail, StringComparison.Ordinal);
        Assert.Equal(first.RunId, busy.Body.GetProperty("runId").GetString());

        // Tenant B is not blocked by A's run, and its run is its own.
        var otherRun = await AcceptedAsync(await otherClient.PostAsync("/api/catalog/refresh", null, ct), ct);
        Assert.Equal(NightlyIds.InstanceId(other.TenantId, otherRun.RunId), otherRun.InstanceId);
        Assert.Equal(WorkflowStatus.Completed, (await workflows.WaitForCompletionAsync(otherRun.InstanceId, TimeSpan.FromSeconds(90), ct)).Status);
        Assert.Equal([otherRun.RunId], (await env.Storage.PartitionAsync(StorageNames.Tables.NightlyRuns, other.TenantId, ct)).Select(r => r.RowKey));
        Assert.Equal([first.RunId], (await env.Storage.PartitionAsync(StorageNames.Tables.NightlyRuns, tenant.TenantId, ct)).Select(r => r.RowKey));
        Assert.Equal(NightlyRunStatus.Running, Assert.Single(await env.Storage.PartitionAsync(StorageNames.Tables.NightlyRuns, tenant.TenantId, ct)).GetString("Status"));

        // A's run finishes; the next refresh starts a new run with a later id.
        gate.Release.TrySetResult();
        var done = await workflows.WaitForCompletionAsync(first.InstanceId, TimeSpan.FromSeconds(90), ct);
        Assert.Equal(NightlyRunStatus.Completed, done.GetOutput<NightlyRunSummary>()!.Status);
        var row = Assert.Single(await env.Storage.PartitionAsync(StorageNames.Tables.NightlyRuns, tenant.TenantId, ct));
        Assert.Equal(NightlyRunStatus.Completed, row.GetString("Status"));
        Assert.Equal(first.RunId, row.GetString("SnapshotId"));

        await Task.Delay(TimeSpan.FromSeconds(1.1), ct);
        var second = await AcceptedAsync(await client.PostAsync("/api/catalog/refresh", null, ct), ct);
        Assert.True(string.CompareOrdinal(second.RunId, first.RunId) > 0, $"{second.RunId} after {first.RunId}");
        Assert.Equal(WorkflowStatus.Completed, (await workflows.WaitForCompletionAsync(second.InstanceId, TimeSpan.FromSeconds(90), ct)).Status);
    }

    [Fact]
    public async Task A_refresh_without_an_api_key_is_401_and_starts_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);

        var response = await env.Server.CreateClient().PostAsync("/api/catalog/refresh", null, ct);

        await Problem.ReadAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_202_body_and_the_409_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);

        using var document = JsonDocument.Parse(await env.Server.CreateClient().GetStringAsync("/openapi/v1.json", ct));
        var responses = document.RootElement.GetProperty("paths").GetProperty("/api/catalog/refresh").GetProperty("post").GetProperty("responses");

        var schemaRef = responses.GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var schema = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(schemaRef.Split('/')[^1]);
        Assert.Equal(["instanceId", "runId", "status", "statusUrl"], schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(responses.GetProperty("409").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.TryGetProperty("401", out _));
        Assert.False(responses.TryGetProperty("400", out _), "The route takes no input.");
    }

    private static async Task<Accepted> AcceptedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var raw = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {raw}");
        var body = JsonSerializer.Deserialize<Accepted>(raw, ApiCalls.Json)!;
        Assert.Equal(NightlyRunStatus.Running, body.Status);
        Assert.Equal($"/api/catalog/runs/{body.RunId}", body.StatusUrl);
        Assert.Equal(body.StatusUrl, response.Headers.Location?.OriginalString);
        return body;
    }

    private sealed record Accepted(string RunId, string InstanceId, string Status, string StatusUrl);

    /// <summary>Holds the first run's <see cref="PublishSnapshotActivity"/> until <see cref="Release"/>; later runs pass.</summary>
    private sealed class PublishHold
    {
        private int _held;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public PublishSnapshotActivity Pass(IServiceProvider services)
        {
            if (Interlocked.Exchange(ref _held, 1) == 0)
            {
                Reached.TrySetResult();
                Release.Task.Wait(TimeSpan.FromSeconds(120));
            }

            return ActivatorUtilities.CreateInstance<PublishSnapshotActivity>(services);
        }
    }
}
