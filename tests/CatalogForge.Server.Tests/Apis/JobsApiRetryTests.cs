extern alias AiEmulator;

using AiEmulator::CatalogForge.AiEmulator;
using System.Net;
using System.Net.Http.Json;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>POST /api/jobs/{id}/retry: only failed items run again, in the same job, and nothing succeeded is paid twice.</summary>
public sealed class JobsApiRetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Retry_of_an_unknown_job_is_404()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (_, client) = await env.CreateTenantClientAsync("retry-404");

        using var malformed = await client.PostAsync("/api/jobs/no-such-job/retry", null, ct);
        using var unknown = await client.PostAsync("/api/jobs/9999999999999ffff/retry", null, ct);

        await Problem.ReadAsync(malformed, HttpStatusCode.NotFound, ct);
        await Problem.ReadAsync(unknown, HttpStatusCode.NotFound, ct);
    }

    [Fact]
    public async Task Retry_while_running_is_409_and_retry_without_failed_items_is_409()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, JobsApiResumeTests.SlowEmulator());
        var (_, client) = await env.CreateTenantClientAsync("retry-409");
        var accepted = await client.SubmitJobAsync(Payloads.Generate(2, salt: Guid.NewGuid().ToString("N"), images: false), ct);

        using (var running = await client.PostAsync($"/api/jobs/{accepted.JobId}/retry", null, ct))
        {
            var problem = await Problem.ReadAsync(running, HttpStatusCode.Conflict, ct);
            Assert.Contains("still running", problem.Title, StringComparison.OrdinalIgnoreCase);
        }

        var done = await client.WaitForJobAsync(accepted.JobId, ct);
        Assert.Equal(JobStatus.Completed, done.Status);
        var requests = env.Emulator.State.Requests.Count;

        using var nothing = await client.PostAsync($"/api/jobs/{accepted.JobId}/retry", null, ct);

        var conflict = await Problem.ReadAsync(nothing, HttpStatusCode.Conflict, ct);
        Assert.Contains("no failed items", conflict.Title, StringComparison.OrdinalIgnoreCase);
        var after = await client.GetJobAsync(accepted.JobId, ct);
        Assert.Equal(JobStatus.Completed, after.Status);
        Assert.Equal(0, after.RetryRound);
        Assert.Equal(requests, env.Emulator.State.Requests.Count);
    }

    [Fact]
    public async Task Retry_reruns_only_the_failed_items_once_the_cause_is_gone_and_the_job_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        var trigger = $"blocked{Guid.NewGuid():N}";
        // The trigger sits in the product type, which every prompt (full, simplified and generic) contains: those items fail.
        var emulator = new EmulatorOptions { Defaults = new DeploymentSettings { ContentFilterTriggers = [trigger] } };
        await using var env = await ServerTestEnvironment.StartAsync(azurite, emulator);
        var (_, client) = await env.CreateTenantClientAsync("retry");
        var salt = Guid.NewGuid().ToString("N");
        var payload = $$"""
            {"kind":"generate","options":{"images":false},"items":[
              {"productType":"ebook","brief":"Tidy kitchens in ten minutes a day {{salt}}"},
              {"productType":"{{trigger}}","brief":"Planner pages for busy weeks {{salt}}"},
              {"productType":"course","brief":"Watercolor skies for beginners {{salt}}"},
              {"productType":"{{trigger}}","brief":"Meal prep for athletes {{salt}}"}
            ]}
            """;
        var jobId = (await client.SubmitJobAsync(payload, ct)).JobId;

        var failedRun = await client.WaitForJobAsync(jobId, ct);

        Assert.Equal(JobStatus.CompletedWithErrors, failedRun.Status);
        Assert.Equal(new JobCounts(4, 0, 2, 2, 0), failedRun.Counts);
        var policy = Assert.Single(failedRun.Errors);
        Assert.Equal((ErrorClass.ContentPolicy, 2), (policy.ErrorClass, policy.Count));
        var failedItems = await client.GetFromJsonAsync<Page<JobItemView>>($"/api/jobs/{jobId}/items?status=Failed", ApiCalls.Json, ct);
        Assert.Equal([1, 3], failedItems!.Items.Select(item => item.Index));
        Assert.All(failedItems.Items, item =>
        {
            Assert.Equal(1, item.Attempts);
            Assert.Equal(ErrorClass.ContentPolicy, item.ErrorClass);
            Assert.False(string.IsNullOrWhiteSpace(item.ErrorMessage));
            Assert.Equal("GenerateContent", item.FailedStep);
            Assert.Null(item.ProductId);
        });
        var before = (await client.GetAllItemsAsync(jobId, ct)).ToDictionary(item => item.Index);
        Assert.Equal(new JobTotals(0, 0, 0, 1, 0, 0), (await client.ListJobsAsync("", ct)).Totals);

        // Remove the cause, then retry.
        env.Emulator.State.Configure("gpt-4o", new DeploymentSettings());
        env.Emulator.State.Configure("gpt-4o-mini", new DeploymentSettings());
        var requestsBeforeRetry = env.Emulator.State.Requests.Count;
        using var response = await client.PostAsync($"/api/jobs/{jobId}/retry", null, ct);

        await ApiCalls.EnsureStatusAsync(response, HttpStatusCode.Accepted, ct);
        Assert.Equal($"/api/jobs/{jobId}", response.Headers.Location?.OriginalString);
        var accepted = (await response.Content.ReadFromJsonAsync<JobView>(ApiCalls.Json, ct))!;
        Assert.Equal(1, accepted.RetryRound);
        Assert.False(accepted.Status.IsTerminal());

        var job = await client.WaitForJobAsync(jobId, ct);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(new JobCounts(4, 0, 4, 0, 0), job.Counts);
        Assert.Empty(job.Errors);
        Assert.NotNull(job.CompletedAt);
        var items = await client.GetAllItemsAsync(jobId, ct);
        Assert.Equal([1, 2, 1, 2], items.Select(item => item.Attempts));
        Assert.All(items, item => Assert.NotNull(item.ProductId));
        foreach (var index in new[] { 0, 2 })
        {
            Assert.Equal(before[index], items[index]); // untouched: same product, same cost, one attempt
        }

        // Exactly one chat and one embedding call per retried item; nothing for the items that had succeeded.
        var retryRequests = env.Emulator.State.Requests.Skip(requestsBeforeRetry).ToList();
        Assert.Equal(4, retryRequests.Count);
        Assert.All(retryRequests, request => Assert.Equal(200, request.StatusCode));
        Assert.Equal(items.Sum(item => item.CostUsd), job.CostUsd);
        Assert.True(job.CostUsd > failedRun.CostUsd);
        Assert.Equal(new JobTotals(0, 0, 1, 0, 0, 0), (await client.ListJobsAsync("", ct)).Totals);

        using var again = await client.PostAsync($"/api/jobs/{jobId}/retry", null, ct);
        await Problem.ReadAsync(again, HttpStatusCode.Conflict, ct);
    }
}
