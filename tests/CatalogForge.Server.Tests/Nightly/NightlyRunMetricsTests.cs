using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Server.Tests.Telemetry;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CatalogForge.Server.Tests.Nightly.NightlyRunTests;

namespace CatalogForge.Server.Tests.Nightly;

/// <summary>A failed nightly run on <c>/metrics</c> (completed runs: <see cref="NightlyPerceptionTests"/>).</summary>
public sealed class NightlyRunMetricsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_failed_run_is_counted_as_Failed_with_its_error_class_and_its_duration_from_the_run_rows_start()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: RemoteAddress.Register);
        var (tenant, client) = await env.CreateTenantClientAsync("nightly-metrics-failed");
        var products = await RunJobAsync(client, 2, ct);

        // A product without its content blob cannot be described in the snapshot: ComputeSnapshot fails with Storage.
        await new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, StorageNames.Containers.Products)
            .DeleteBlobAsync($"{tenant.TenantId}/{products[0]}/content.json", cancellationToken: ct);
        var instanceId = await env.Server.Services.GetRequiredService<NightlyRunner>()
            .StartAsync(tenant.TenantId, new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero), ct);
        var done = await env.Server.Services.GetRequiredService<IWorkflowClient>().WaitForCompletionAsync(instanceId, TimeSpan.FromSeconds(90), ct);
        Assert.Equal(NightlyRunStatus.Failed, done.GetOutput<NightlyRunSummary>()!.Status);

        var run = await RowAsync(env, StorageNames.Tables.NightlyRuns, tenant.TenantId, "20261201", ct);
        Assert.Equal((NightlyRunStatus.Failed, "Storage"), (run.GetString("Status"), run.GetString("ErrorClass")));
        var started = run.GetDateTimeOffset("StartedAt")!.Value;
        var elapsed = (run.GetDateTimeOffset("FinishedAt")!.Value - started).TotalSeconds;
        Assert.InRange(elapsed, 0, 90); // the start is kept, not overwritten by the failure's row

        var ofTenant = ("catalogforge_tenant_id", tenant.TenantId);
        IReadOnlyList<PrometheusSample> samples = [];
        for (var attempt = 0; attempt < 50 && PrometheusSample.Sum(samples, "catalogforge_nightly_runs_total", ofTenant) < 1; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 200, ct);
            samples = await PrometheusMetricsTests.ScrapeAsync(env.Server.CreateClient(), ct);
        }

        var failed = ("catalogforge_nightly_status", NightlyRunStatus.Failed);
        Assert.Equal(1, PrometheusSample.Sum(samples, "catalogforge_nightly_runs_total", ofTenant, failed, ("error_type", "Storage")));
        Assert.Equal(0, PrometheusSample.Sum(samples, "catalogforge_nightly_runs_total", ofTenant, ("catalogforge_nightly_status", NightlyRunStatus.Completed)));
        Assert.Equal(1, PrometheusSample.Sum(samples, "catalogforge_nightly_run_duration_seconds_count", ofTenant, failed));
        Assert.Equal(elapsed, PrometheusSample.Sum(samples, "catalogforge_nightly_run_duration_seconds_sum", ofTenant, failed), 2);
    }
}
