using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Pipeline.Activities;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CatalogForge.Core.Tests.Pipeline;

/// <summary>The job's last step against the real Jobs table in Azurite, through a storage fault injected into its client.</summary>
public sealed class FailJobActivityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Recording_a_jobs_failure_outlasts_a_short_storage_outage_and_ends_the_job_Failed()
    {
        var ct = TestContext.Current.CancellationToken;
        var outage = new StorageOutage();
        var options = new TableClientOptions();
        options.AddPolicy(outage, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(azurite.ConnectionString, options);
        await service.CreateTableIfNotExistsAsync(StorageNames.Tables.Jobs, ct);
        var jobs = new JobRepository(new CatalogTables(service), TimeProvider.System, NullLogger<JobRepository>.Instance);
        var tenant = $"failjob{Guid.NewGuid():N}"[..20];
        var jobId = JobIds.New(DateTimeOffset.UtcNow);
        var row = JobRepository.NewRow(tenant, jobId, JobKind.Generate, JobPriority.Normal, images: false, "en", null, 0, DateTimeOffset.UtcNow);
        row.JobStatus = JobStatus.Running;
        Assert.True(await jobs.CreateAsync(row, ct));

        outage.FailNext(3);
        var activity = new FailJobActivity(jobs, TimeProvider.System, NullLogger<FailJobActivity>.Instance);
        await activity.RunAsync(new FailJobInput(new JobRef(tenant, jobId), ErrorClass.Storage, "raw storage text"), ct);

        Assert.Equal(0, outage.Remaining);
        var stored = (await service.GetTableClient(StorageNames.Tables.Jobs).GetEntityAsync<JobEntity>(tenant, jobId, cancellationToken: ct)).Value;
        Assert.Equal(JobStatus.Failed, stored.JobStatus);
        var error = Assert.Single(System.Text.Json.JsonSerializer.Deserialize<ErrorSummary[]>(stored.ErrorsJson!, CatalogJson.Options)!);
        Assert.Equal((ErrorClass.Storage, FailureMessages.ForJob(ErrorClass.Storage, "")), (error.ErrorClass, error.SampleMessage));
    }

    /// <summary>Answers the next <see cref="FailNext"/> requests with a 503 before they reach storage, past the SDK's retries.</summary>
    private sealed class StorageOutage : HttpPipelinePolicy
    {
        private int _remaining;

        public int Remaining => Volatile.Read(ref _remaining);

        public void FailNext(int count) => Volatile.Write(ref _remaining, count);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Interlocked.Decrement(ref _remaining) >= 0)
            {
                throw new RequestFailedException(503, "storage is down (injected)");
            }

            Interlocked.Exchange(ref _remaining, 0);
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("Async calls only.");
    }
}
