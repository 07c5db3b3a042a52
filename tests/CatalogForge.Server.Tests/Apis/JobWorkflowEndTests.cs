using System.Net;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Pipeline;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>A job's orchestration always gives the job an end, even when it fails in a way nobody planned for or is cancelled before it ran.</summary>
public sealed class JobWorkflowEndTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_unexpected_exception_in_the_job_orchestration_ends_the_job_Failed_with_its_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        // A chunk size of 0, slipped in behind the start-up validation (which refuses Jobs:ChunkSize 0), reaches the
        // orchestration, which divides by it: an exception of its own code, not a classified activity failure.
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: services =>
            services.Replace(ServiceDescriptor.Singleton(Options.Create(new JobLimits { ChunkSize = 0 }))));
        var (_, client) = await env.CreateTenantClientAsync("unexpected");
        var accepted = await client.SubmitJobAsync(Payloads.Generate(3, salt: Guid.NewGuid().ToString("N"), images: false), ct);

        var job = await client.WaitForJobAsync(accepted.JobId, ct);

        Assert.Equal(JobStatus.Failed, job.Status);
        var error = Assert.Single(job.Errors);
        Assert.Equal(ErrorClass.Unknown, error.ErrorClass);
        // The reason in people's words; the exception itself went to the log.
        Assert.Equal(FailureMessages.ForJob(ErrorClass.Unknown, ""), error.SampleMessage);
        Assert.DoesNotContain(nameof(DivideByZeroException), error.SampleMessage, StringComparison.Ordinal);
        Assert.NotNull(job.CompletedAt);

        // A finished job: cancel says so instead of accepting a request nothing would act on.
        using var cancel = await client.PostAsync($"/api/jobs/{accepted.JobId}/cancel", null, ct);
        await Problem.ReadAsync(cancel, HttpStatusCode.Conflict, ct);
    }

    [Fact]
    public async Task A_cancel_made_before_the_jobs_orchestration_existed_ends_the_job_Cancelled_without_a_model_call()
    {
        var ct = TestContext.Current.CancellationToken;
        const int count = 4;
        // The job is written but its orchestration not started (as when the host stops between the two), and the cancel
        // event, raised on an instance that does not exist yet, reaches no one: the job row's flag is all that is left.
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IJobRunner, UnstartedJobRunner>()));
        var (tenant, client) = await env.CreateTenantClientAsync("cancel-unstarted");
        var accepted = await client.SubmitJobAsync(Payloads.Generate(count, salt: Guid.NewGuid().ToString("N")), ct);
        Assert.Equal(JobStatus.Pending, (await client.GetJobAsync(accepted.JobId, ct)).Status);

        using (var cancel = await client.PostAsync($"/api/jobs/{accepted.JobId}/cancel", null, ct))
        {
            await ApiCalls.EnsureStatusAsync(cancel, HttpStatusCode.Accepted, ct);
        }

        // Now the orchestration starts, as the pending-job sweep would start it.
        await new ProductJobRunner(env.Server.Services.GetRequiredService<IWorkflowClient>())
            .StartAsync(tenant.TenantId, accepted.JobId, JobPriority.Normal, round: 0, ct);
        var job = await client.WaitForJobAsync(accepted.JobId, ct);

        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Equal(new JobCounts(count, 0, 0, 0, count), job.Counts);
        var items = await client.GetAllItemsAsync(accepted.JobId, ct);
        Assert.All(items, item =>
        {
            Assert.Equal(ItemStatus.Cancelled, item.Status);
            Assert.Equal(ErrorClass.Cancelled, item.ErrorClass);
            Assert.Equal(0, item.Attempts);
        });
        Assert.Empty(env.Emulator.State.Requests);
    }

    /// <summary>Starts nothing and raises no cancel event: a job written, then cancelled, before its orchestration existed.</summary>
    private sealed class UnstartedJobRunner : IJobRunner
    {
        public Task StartAsync(string tenantId, string jobId, JobPriority priority, int round, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RequestCancelAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<RoundState> GetRoundStateAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken) =>
            Task.FromResult(RoundState.NotStarted);
    }
}
