using System.Collections.Concurrent;
using Azure.Data.Tables;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Storage;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Core.Tests.Support;
using CatalogForge.Core.Orchestration;
using CatalogForge.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CatalogForge.Core.Tests.Jobs;

/// <summary>
/// The sweep over the real Jobs table in Azurite, with Core's real repository and job service. The workflow engine is a
/// recorder: the sweep sees every tenant's Pending jobs, and a real engine would run the workflows of other test classes'
/// jobs. Each test reads only what was started for its own tenant.
/// </summary>
public sealed class PendingJobSweeperTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan MinAge = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_pending_job_older_than_the_min_age_is_started_in_its_round_and_a_fresh_one_is_left_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SweepHost.CreateAsync(azurite);
        var old = await host.WriteJobAsync(JobStatus.Pending, age: TimeSpan.FromMinutes(10), JobPriority.High);
        var retried = await host.WriteJobAsync(JobStatus.Pending, age: TimeSpan.FromMinutes(10), round: 2);
        var fresh = await host.WriteJobAsync(JobStatus.Pending, age: TimeSpan.FromSeconds(5));
        await host.WriteJobAsync(JobStatus.Running, age: TimeSpan.FromMinutes(10));

        var result = await host.Sweeper.SweepAsync(MinAge, ct);

        var started = host.Engine.StartedFor(host.TenantId);
        Assert.Equal(
            new[] { ProductIds.JobInstanceId(host.TenantId, old, 0), ProductIds.JobInstanceId(host.TenantId, retried, 2) }.Order(StringComparer.Ordinal),
            started.Select(s => s.InstanceId).Order(StringComparer.Ordinal));
        var oldStart = started.Single(s => s.InstanceId == ProductIds.JobInstanceId(host.TenantId, old, 0));
        Assert.Equal(new JobRef(host.TenantId, old, 0, JobPriority.High), oldStart.Input);
        Assert.Equal(new JobRef(host.TenantId, retried, 2), started.Single(s => s.Input.JobId == retried).Input);
        Assert.DoesNotContain(started, s => s.Input.JobId == fresh);
        Assert.True(result.TooYoung >= 1, $"The fresh job was not counted as too young: {result}.");
        Assert.Equal(0, result.Failed);
    }

    [Fact]
    public async Task With_no_min_age_the_start_up_sweep_takes_fresh_pending_jobs_too()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SweepHost.CreateAsync(azurite);
        var fresh = await host.WriteJobAsync(JobStatus.Pending, age: TimeSpan.Zero);

        await host.Sweeper.SweepAsync(TimeSpan.Zero, ct);

        Assert.Equal([ProductIds.JobInstanceId(host.TenantId, fresh)], host.Engine.StartedFor(host.TenantId).Select(s => s.InstanceId));
    }

    [Fact]
    public async Task The_tenants_totals_row_is_never_taken_for_a_job_even_with_a_pending_status_on_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SweepHost.CreateAsync(azurite);
        var job = await host.WriteJobAsync(JobStatus.Pending, age: TimeSpan.FromMinutes(10));
        var totals = host.Services.GetRequiredService<CatalogTables>().Jobs;
        Assert.Equal(1, (await totals.GetEntityAsync<JobTotalsEntity>(host.TenantId, JobTotalsEntity.RowKeyValue, cancellationToken: ct)).Value.Pending);
        // A stray Status column on the totals row: a filter on Status alone would take the row for a job.
        await totals.UpdateEntityAsync(new TableEntity(host.TenantId, JobTotalsEntity.RowKeyValue) { ["Status"] = nameof(JobStatus.Pending) },
            Azure.ETag.All, TableUpdateMode.Merge, ct);

        var result = await host.Sweeper.SweepAsync(MinAge, ct);

        Assert.Equal([ProductIds.JobInstanceId(host.TenantId, job)], host.Engine.StartedFor(host.TenantId).Select(s => s.InstanceId));
        Assert.Equal(0, result.Failed);
    }

    [Fact]
    public async Task A_job_that_fails_to_start_is_logged_and_counted_and_the_sweep_starts_the_others()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SweepHost.CreateAsync(azurite);
        var jobs = new[]
        {
            await host.WriteJobAsync(JobStatus.Pending, age: TimeSpan.FromMinutes(30)),
            await host.WriteJobAsync(JobStatus.Pending, age: TimeSpan.FromMinutes(20)),
            await host.WriteJobAsync(JobStatus.Pending, age: TimeSpan.FromMinutes(10)),
        };
        // Job ids sort newest first, so the newest is read first and the other two come after its failure.
        var failing = jobs.Order(StringComparer.Ordinal).First();
        host.Engine.FailOn(ProductIds.JobInstanceId(host.TenantId, failing), new TimeoutException("engine store did not answer"));

        var result = await host.Sweeper.SweepAsync(MinAge, ct);

        Assert.Equal(1, result.Failed);
        Assert.Equal(jobs.Where(j => j != failing).Order(StringComparer.Ordinal),
            host.Engine.StartedFor(host.TenantId).Select(s => s.Input.JobId).Order(StringComparer.Ordinal));
        var error = Assert.Single(host.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains(failing, StringComparison.Ordinal));
        Assert.Contains(host.TenantId, error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ErrorClass.Timeout), error.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(error.Exception);
    }

    [Fact]
    public async Task A_job_still_unfinished_after_its_workflow_ended_is_settled_Failed_and_a_running_one_is_left_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SweepHost.CreateAsync(azurite);
        var lost = await host.WriteJobAsync(JobStatus.Running, age: TimeSpan.FromMinutes(10));
        var lostPending = await host.WriteJobAsync(JobStatus.Pending, age: TimeSpan.FromMinutes(10), round: 1);
        var running = await host.WriteJobAsync(JobStatus.Running, age: TimeSpan.FromMinutes(10));
        // The failure step itself failed, so the workflows ended with the rows still unfinished.
        host.Engine.EndedAs(ProductIds.JobInstanceId(host.TenantId, lost), WorkflowStatus.Failed);
        host.Engine.EndedAs(ProductIds.JobInstanceId(host.TenantId, lostPending, 1), WorkflowStatus.Failed);
        host.Engine.Running(ProductIds.JobInstanceId(host.TenantId, running));

        var result = await host.Sweeper.SweepAsync(MinAge, ct);

        Assert.True(result.Settled >= 2, $"Not settled: {result}.");
        Assert.Empty(host.Engine.StartedFor(host.TenantId));
        var repository = host.Services.GetRequiredService<JobRepository>();
        foreach (var jobId in new[] { lost, lostPending })
        {
            var row = (await repository.GetAsync(host.TenantId, jobId, ct))!;
            Assert.Equal(JobStatus.Failed, row.JobStatus);
            Assert.NotNull(row.CompletedAt);
            var error = Assert.Single(System.Text.Json.JsonSerializer.Deserialize<ErrorSummary[]>(row.ErrorsJson!, CatalogJson.Options)!);
            Assert.Equal((ErrorClass.Unknown, PendingJobSweeper.SettledMessage), (error.ErrorClass, error.SampleMessage));
        }

        Assert.Equal(JobStatus.Running, (await repository.GetAsync(host.TenantId, running, ct))!.JobStatus);
        var totals = await repository.GetTotalsAsync(host.TenantId, ct);
        Assert.Equal((0, 1, 2), (totals.Pending, totals.Running, totals.Failed));

        // Settling is idempotent: a second sweep finds nothing more to do for this tenant.
        await host.Sweeper.SweepAsync(MinAge, ct);
        Assert.Equal(2, (await repository.GetTotalsAsync(host.TenantId, ct)).Failed);
    }

    /// <summary>Core's services on the shared Azurite (not started: no hosted service runs), the engine replaced by a recorder.</summary>
    private sealed class SweepHost : IAsyncDisposable
    {
        private readonly IHost _host;

        private SweepHost(IHost host, TestLogSink logs, RecordingWorkflowClient engine)
        {
            _host = host;
            Logs = logs;
            Engine = engine;
        }

        public string TenantId { get; } = $"sweep{Guid.NewGuid():N}"[..20];

        public IServiceProvider Services => _host.Services;

        public PendingJobSweeper Sweeper => Services.GetRequiredService<PendingJobSweeper>();

        public RecordingWorkflowClient Engine { get; }

        public TestLogSink Logs { get; }

        public static async Task<SweepHost> CreateAsync(AzuriteFixture azurite)
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
            });
            var logs = new TestLogSink(TestContext.Current.TestOutputHelper);
            builder.Logging.AddProvider(logs);
            builder.AddCatalogForgeCore();
            var engine = new RecordingWorkflowClient();
            builder.Services.Replace(ServiceDescriptor.Singleton<IWorkflowClient>(engine));
            var host = builder.Build();
            await host.Services.GetRequiredService<StorageInitializer>().InitializeAsync(TestContext.Current.CancellationToken);
            return new SweepHost(host, logs, engine);
        }

        /// <summary>Writes a job (no items) through the repository, as submission does, last changed <paramref name="age"/> ago.</summary>
        public async Task<string> WriteJobAsync(JobStatus status, TimeSpan age, JobPriority priority = JobPriority.Normal, int round = 0)
        {
            var changed = DateTimeOffset.UtcNow - age;
            var jobId = JobIds.New(changed);
            var written = await Services.GetRequiredService<JobRepository>().WriteNewAsync(new JobEntity
            {
                PartitionKey = TenantId,
                RowKey = jobId,
                Kind = nameof(JobKind.Generate),
                Status = status.ToString(),
                Priority = priority.ToString(),
                RetryRound = round,
                CreatedAt = changed,
                UpdatedAt = changed,
            }, [], TestContext.Current.CancellationToken);
            Assert.True(written);
            return jobId;
        }

        public ValueTask DisposeAsync()
        {
            _host.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
