using System.Text.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Ingestion;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Tests.Ingestion;
using CatalogForge.Core.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CatalogForge.Core.Tests.Jobs;

/// <summary>
/// AI admission orders work by tenant (round-robin) and, within a tenant, by priority (FairWaitQueue), from the tenant and
/// priority on each call's <see cref="AiCallContext"/>, which items take from their job's <see cref="JobRef"/>. These
/// check that the paths other than <c>POST /api/jobs</c> start a job's round with the job's own tenant and priority:
/// a queue-ingested job, and a retry of failed items. (The sweep's start is checked in <see cref="PendingJobSweeperTests"/>.)
/// </summary>
public sealed class PriorityTravelTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("high", JobPriority.High)]
    [InlineData("low", JobPriority.Low)]
    public async Task A_queue_ingested_job_starts_with_the_messages_tenant_and_priority(string priority, JobPriority expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite);
        var tenant = (await host.CreateTenantAsync("travel-ingest")).TenantId;
        var message = JsonSerializer.Serialize(new
        {
            tenantId = tenant,
            idempotencyKey = "travel-" + Guid.NewGuid().ToString("N"),
            kind = "generate",
            priority,
            items = new[] { new { productType = "ebook", brief = "A guide to knots." } },
        }, CatalogJson.Options);

        var outcome = await host.Handler.HandleAsync(await host.SignAsync(tenant, message), 1, null, ct);

        Assert.Equal(IngestOutcomeKind.Accepted, outcome.Kind);
        var start = Assert.Single(Engine(host).StartedFor(tenant));
        Assert.Equal(new JobRef(tenant, Assert.Single(outcome.JobIds), 0, expected), start.Input);
        Assert.Equal((tenant, expected), (ItemCall(start.Input).TenantId, ItemCall(start.Input).Priority));
        Assert.Equal(expected, (await host.Services.GetRequiredService<JobRepository>().GetAsync(tenant, start.Input.JobId, ct))!.JobPriority);
    }

    [Fact]
    public async Task A_retry_of_failed_items_starts_its_round_with_the_jobs_tenant_and_priority()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await IngestTestHost.CreateAsync(azurite);
        var tenant = (await host.CreateTenantAsync("travel-retry")).TenantId;
        var jobs = host.Services.GetRequiredService<IJobService>();
        var submitted = await jobs.SubmitAsync(tenant, new SubmitJobRequest
        {
            Kind = "generate",
            Items = JsonSerializer.SerializeToElement(new[] { new { productType = "ebook", brief = "A guide to knots." } }),
            Options = new JobOptions { Priority = JobPriority.Low },
        }, ct);
        var jobId = submitted.Accepted!.JobId;
        await host.Services.GetRequiredService<JobRepository>().UpdateAsync(tenant, jobId, row =>
        {
            row.JobStatus = JobStatus.CompletedWithErrors;
            row.Failed = 1;
            return true;
        }, ct);

        var retry = await jobs.RetryFailedAsync(tenant, jobId, ct);

        Assert.Equal(RetryOutcome.Retrying, retry.Outcome);
        var round = Engine(host).StartedFor(tenant).Single(s => s.Input.Round == 1);
        Assert.Equal(new JobRef(tenant, jobId, 1, JobPriority.Low), round.Input);
        Assert.Equal(ProductIds.JobInstanceId(tenant, jobId, 1), round.InstanceId);
        Assert.Equal((tenant, JobPriority.Low), (ItemCall(round.Input).TenantId, ItemCall(round.Input).Priority));
    }

    private static RecordingWorkflowClient Engine(IngestTestHost host) =>
        (RecordingWorkflowClient)host.Services.GetRequiredService<IWorkflowClient>();

    /// <summary>What an item of the round hands the AI gateway (the chunk workflow passes the job's ref on unchanged).</summary>
    private static CatalogForge.Core.Ai.AiCallContext ItemCall(JobRef job) => new ItemRef(job, JobKind.Generate, "en", 0).AiCall();
}
