using System.Net;
using System.Net.Http.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

public sealed class JobsApiCancelTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Cancel_of_an_unknown_job_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("cancel-404");

        using var response = await client.PostAsync("/api/jobs/does-not-exist/cancel", null, ct);

        await Problem.ReadAsync(response, HttpStatusCode.NotFound, ct);
    }

    [Fact]
    public async Task Cancel_of_a_finished_job_is_409()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("cancel-409");
        var accepted = await client.SubmitJobAsync(Payloads.Generate(1, salt: Guid.NewGuid().ToString("N"), images: false), ct);
        var done = await client.WaitForJobAsync(accepted.JobId, ct);
        Assert.Equal(JobStatus.Completed, done.Status);

        using var response = await client.PostAsync($"/api/jobs/{accepted.JobId}/cancel", null, ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Conflict, ct);
        Assert.Contains("finished", problem.Title, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JobStatus.Completed, (await client.GetJobAsync(accepted.JobId, ct)).Status);
    }

    [Fact]
    public async Task Cancelling_a_slow_job_ends_it_cancelled_and_keeps_the_items_already_done()
    {
        var ct = TestContext.Current.CancellationToken;
        const int count = 12;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, JobsApiResumeTests.SlowEmulator(), JobsApiResumeTests.SlowJobSettings);
        var (_, client) = await env.CreateTenantClientAsync("cancel-slow");
        var accepted = await client.SubmitJobAsync(Payloads.Generate(count, salt: Guid.NewGuid().ToString("N")), ct);
        var running = await client.WaitForJobAsync(accepted.JobId, ct, job => job.Counts.Succeeded >= 1 || job.Status.IsTerminal());
        Assert.False(running.Status.IsTerminal(), $"The job finished before it could be cancelled: {running.Counts}");

        using var response = await client.PostAsync($"/api/jobs/{accepted.JobId}/cancel", null, ct);

        await ApiCalls.EnsureStatusAsync(response, HttpStatusCode.Accepted, ct);
        var view = await response.Content.ReadFromJsonAsync<JobView>(ApiCalls.Json, ct);
        Assert.Equal(accepted.JobId, view!.JobId);
        Assert.Equal($"/api/jobs/{accepted.JobId}", response.Headers.Location?.OriginalString);

        var job = await client.WaitForJobAsync(accepted.JobId, ct);
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.True(job.Counts.Cancelled >= 1, $"No item was cancelled: {job.Counts}");
        Assert.True(job.Counts.Succeeded >= running.Counts.Succeeded, $"Completed items were lost: {running.Counts} → {job.Counts}");
        Assert.Equal(count, job.Counts.Succeeded + job.Counts.Failed + job.Counts.Cancelled);
        Assert.Equal(0, job.Counts.Pending);

        var items = await client.GetAllItemsAsync(accepted.JobId, ct);
        Assert.Equal(job.Counts.Cancelled, items.Count(item => item.Status == ItemStatus.Cancelled));
        foreach (var item in items.Where(item => item.Status == ItemStatus.Succeeded))
        {
            Assert.Equal(item.ProductId, (await client.GetProductAsync(item.ProductId!, ct)).ProductId);
        }

        Assert.All(items.Where(item => item.Status == ItemStatus.Cancelled), item =>
        {
            Assert.Null(item.ProductId);
            Assert.Equal(0, item.Attempts);
            Assert.Equal(ErrorClass.Cancelled, item.ErrorClass);
        });

        // No cancelled item ever started: one content call per item that ran, none for the rest.
        var chatCalls = env.Emulator.State.Requests.Count(r => r.Kind.ToString().Equals("chat", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(job.Counts.Succeeded + job.Counts.Failed, chatCalls);
        Assert.Equal(new JobTotals(0, 0, 0, 0, 0, 1), (await client.ListJobsAsync("", ct)).Totals);
    }
}
