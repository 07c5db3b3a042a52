using System.Reflection;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Jobs;
using CatalogForge.Core.Pipeline;
using CatalogForge.Core.Storage.Entities;
using CatalogForge.Functions.Recovery;
using CatalogForge.Functions.Tests.Support;
using CatalogForge.Testing;
using Grpc.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CatalogForge.Functions.Tests.Recovery;

/// <summary>The <c>PendingJobSweep</c> timer over Core's real sweeper and Azurite; the Durable client is the recording substitute.</summary>
public sealed class PendingJobSweepFunctionTests(AzuriteFixture azurite)
{
    [Fact]
    public void The_function_is_a_timer_on_the_schedule_app_setting_with_a_durable_client()
    {
        var method = typeof(PendingJobSweepFunction).GetMethod(nameof(PendingJobSweepFunction.RunAsync))!;
        var parameters = method.GetParameters();

        Assert.Equal("PendingJobSweep", method.GetCustomAttribute<FunctionAttribute>()!.Name);
        var timer = parameters.Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).Single(a => a is not null)!;
        Assert.Equal("%PendingJobSweepSchedule%", timer.Schedule);
        Assert.False(timer.RunOnStartup, "RunOnStartup fires on every scale-out and restart.");
        Assert.Equal(typeof(TimerInfo), parameters.Single(p => p.GetCustomAttribute<TimerTriggerAttribute>() is not null).ParameterType);
        Assert.Equal(typeof(DurableTaskClient), parameters.Single(p => p.GetCustomAttribute<DurableClientAttribute>() is not null).ParameterType);
    }

    [Fact]
    public void Every_place_the_app_runs_sets_the_schedule_setting_to_every_five_minutes()
    {
        var sample = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")));
        var schedule = sample.RootElement.GetProperty("Values").GetProperty(PendingJobSweepFunction.ScheduleSetting).GetString()!;
        var bicep = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "app", "functions.bicep"));
        var postProvision = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "hooks", "postprovision.sh"));

        Assert.Equal("0 */5 * * * *", schedule);
        Assert.Contains($"{PendingJobSweepFunction.ScheduleSetting}: '{schedule}'", bicep, StringComparison.Ordinal);
        Assert.Contains($"\"{PendingJobSweepFunction.ScheduleSetting}\": \"{schedule}\"", postProvision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pending_job_past_the_min_age_gets_its_orchestration_and_a_fresh_one_does_not()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = NewTenant();
        var old = await WriteJobAsync(app, tenant, age: TimeSpan.FromMinutes(10));
        var fresh = await WriteJobAsync(app, tenant, age: TimeSpan.FromSeconds(5));

        await Function(app).RunAsync(new TimerInfo(), app.Client, Context(ct));

        await app.Client.Received(1).ScheduleNewOrchestrationInstanceAsync(
            Arg.Is<TaskName>(n => n.Name == "ProductJobOrchestrator"), new JobRef(tenant, old),
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == ProductIds.JobInstanceId(tenant, old, 0)), Arg.Any<CancellationToken>());
        await app.Client.DidNotReceive().ScheduleNewOrchestrationInstanceAsync(
            Arg.Any<TaskName>(), Arg.Any<object?>(),
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == ProductIds.JobInstanceId(tenant, fresh, 0)), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task The_min_age_comes_from_configuration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite, new Dictionary<string, string?> { ["PendingJobSweep:MinAge"] = "00:30:00" });
        var tenant = NewTenant();
        var job = await WriteJobAsync(app, tenant, age: TimeSpan.FromMinutes(10));

        await Function(app).RunAsync(new TimerInfo(), app.Client, Context(ct));

        Assert.Equal(TimeSpan.FromMinutes(30), app.Services.GetRequiredService<IOptions<PendingJobSweepOptions>>().Value.MinAge);
        await app.Client.DidNotReceive().ScheduleNewOrchestrationInstanceAsync(
            Arg.Any<TaskName>(), Arg.Any<object?>(),
            Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == ProductIds.JobInstanceId(tenant, job, 0)), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_min_age_under_ten_seconds_stops_the_app_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            FunctionsServices.StartAsync(azurite, new Dictionary<string, string?> { ["PendingJobSweep:MinAge"] = "00:00:01" }));

        Assert.Contains(nameof(PendingJobSweepOptions.MinAge), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_whose_start_fails_fails_the_invocation_after_the_others_were_started()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await FunctionsServices.StartAsync(azurite);
        var tenant = NewTenant();
        var jobs = new[]
        {
            await WriteJobAsync(app, tenant, age: TimeSpan.FromMinutes(20)),
            await WriteJobAsync(app, tenant, age: TimeSpan.FromMinutes(10)),
        };
        // Job ids sort newest first: the failing one is read first, the other after it.
        var failing = jobs.Order(StringComparer.Ordinal).First();
        var other = jobs.Single(j => j != failing);
        app.Client.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(),
                Arg.Is<StartOrchestrationOptions?>(o => o!.InstanceId == ProductIds.JobInstanceId(tenant, failing, 0)), Arg.Any<CancellationToken>())
            .ThrowsAsync(new RpcException(new Status(StatusCode.Unavailable, "sidecar restarting")));

        var error = await Assert.ThrowsAsync<PendingJobSweepException>(() => Function(app).RunAsync(new TimerInfo(), app.Client, Context(ct)));

        Assert.Equal(1, error.Result.Failed);
        await app.Client.Received(1).ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), new JobRef(tenant, other),
            Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>());
    }

    private static PendingJobSweepFunction Function(FunctionsServices app) =>
        ActivatorUtilities.CreateInstance<PendingJobSweepFunction>(app.Services);

    private static string NewTenant() => $"fnsweep{Guid.NewGuid():N}"[..20];

    /// <summary>A Pending job (no items) written through Core's repository, as submission does, <paramref name="age"/> old.</summary>
    private static async Task<string> WriteJobAsync(FunctionsServices app, string tenantId, TimeSpan age)
    {
        var written = DateTimeOffset.UtcNow - age;
        var jobId = JobIds.New(written);
        Assert.True(await app.Services.GetRequiredService<JobRepository>().WriteNewAsync(new JobEntity
        {
            PartitionKey = tenantId,
            RowKey = jobId,
            Kind = nameof(JobKind.Generate),
            Status = nameof(JobStatus.Pending),
            Priority = nameof(JobPriority.Normal),
            CreatedAt = written,
            UpdatedAt = written,
        }, [], TestContext.Current.CancellationToken));
        return jobId;
    }

    private static FunctionContext Context(CancellationToken ct)
    {
        var context = Substitute.For<FunctionContext>();
        context.CancellationToken.Returns(ct);
        return context;
    }
}
