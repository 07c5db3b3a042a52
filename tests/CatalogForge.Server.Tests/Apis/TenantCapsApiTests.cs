using System.Net;
using CatalogForge.Api.Errors;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CatalogForge.Server.Tests.Apis;

/// <summary>POST /api/jobs over a tenant cap: 429 ProblemDetails naming the cap, with Retry-After, and nothing written.</summary>
public sealed class TenantCapsApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_job_over_the_active_jobs_cap_is_429_naming_the_cap_with_Retry_After_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        // Jobs stay Pending (nothing starts them), so the first one holds the tenant's only slot.
        await using var env = await ServerTestEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["Jobs:MaxActiveJobsPerTenant"] = "1", ["Jobs:CapRetryAfter"] = "00:00:30" },
            configureTestServices: services => services.Replace(ServiceDescriptor.Singleton<IJobRunner, IdleJobRunner>()));
        var (_, client) = await env.CreateTenantClientAsync("cap-api");
        var (_, other) = await env.CreateTenantClientAsync("cap-api-other");
        await client.SubmitJobAsync(Payloads.Generate(1, salt: Guid.NewGuid().ToString("N")), ct);

        using var response = await client.PostJobAsync(Payloads.Generate(1, salt: Guid.NewGuid().ToString("N")), ct);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.TooManyRequests, ct);
        Assert.Equal(TooManyRequests.CapTitle, problem.Title);
        Assert.Equal(JobCaps.ActiveJobsSetting, problem.Body.GetProperty("cap").GetString());
        Assert.Contains(JobCaps.ActiveJobsSetting, problem.Detail, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        var listed = await client.ListJobsAsync("", ct);
        Assert.Single(listed.Items);
        Assert.Equal(1, listed.Totals.All);

        // The cap is the tenant's own: another tenant submits as before.
        await other.SubmitJobAsync(Payloads.Generate(1, salt: Guid.NewGuid().ToString("N")), ct);
    }

    /// <summary>Starts nothing: jobs stay Pending.</summary>
    private sealed class IdleJobRunner : IJobRunner
    {
        public Task StartAsync(string tenantId, string jobId, JobPriority priority, int round, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RequestCancelAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<RoundState> GetRoundStateAsync(string tenantId, string jobId, int round, CancellationToken cancellationToken) =>
            Task.FromResult(RoundState.NotStarted);
    }
}
