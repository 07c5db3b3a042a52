extern alias AiEmulator;

using AiEmulator::CatalogForge.AiEmulator;
using CatalogForge.Core.Ai;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Intelligence.Nightly;
using CatalogForge.Core.Intelligence.Risk;
using CatalogForge.Core.Orchestration;
using CatalogForge.Core.Storage;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Server.Tests.Telemetry;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CatalogForge.Server.Tests.Nightly.NightlyRunTests;

namespace CatalogForge.Server.Tests.Nightly;

/// <summary>Brand perception probes inside the nightly run: the Server's engine, Azurite and the AI emulator over HTTP.</summary>
public sealed class NightlyPerceptionTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Day1 = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_tenant_with_a_brand_profile_gets_perception_per_brand_its_risk_terms_and_the_changes_on_the_next_day()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: RemoteAddress.Register);
        var (tenant, client) = await env.CreateTenantClientAsync("nightly-perception");
        await RunJobAsync(client, 4, ct);
        await PutBrandProfileAsync(client, ct);
        var runner = env.Server.Services.GetRequiredService<NightlyRunner>();
        var workflows = env.Server.Services.GetRequiredService<IWorkflowClient>();

        // Day 1: one chat call per probe, numbers for every brand, nothing to compare with yet.
        var chatCalls = ChatCalls(env);
        await RunAsync(runner, workflows, tenant.TenantId, Day1, ct);
        Assert.Equal(chatCalls + Probes.Length, ChatCalls(env));
        var report1 = (await PerceptionAsync(env, tenant.TenantId, "20261201", ct))!;
        Assert.Equal((Probes.Length, Probes.Length, 0), (report1.ProbeCount, report1.AnsweredProbes, report1.Failures.Count));
        Assert.True(report1.CostUsd > 0);
        var insights1 = await InsightsAsync(env, tenant.TenantId, "20261201", ct);
        var perception1 = Assert.IsAssignableFrom<IReadOnlyList<BrandPerception>>(insights1.Perception);
        Assert.Equal(["Crumb & Co", "Loaf Lab", "Rise Up", "Proof Bakery"], perception1.Select(p => p.Brand));
        Assert.True(perception1[0].IsOwn);
        Assert.Equal(report1.Brands.Select(b => (b.MentionShare, b.MeanRank, b.MeanSentiment)),
            perception1.Select(p => (p.MentionShare, p.MeanRank, p.MeanSentiment)));
        Assert.InRange(perception1.Sum(p => p.MentionShare), 0.5, 1.0001); // the rest went to "other"
        Assert.Contains(perception1, p => p.MentionShare > 0 && p.MeanRank is >= 1 && p.MeanSentiment is >= -1 and <= 1);
        Assert.All(perception1, p => Assert.Null(p.PreviousMentionShare));
        Assert.False(insights1.Risk.PerceptionAvailable);
        var run1 = await RowAsync(env, StorageNames.Tables.NightlyRuns, tenant.TenantId, "20261201", ct);
        Assert.Equal(Money.ToMicros(report1.CostUsd), run1.GetInt64("CostMicroUsd")); // the run re-embedded nothing: the probes are its cost

        // Day 2: the probes are asked again (a new day, not the cache's answers), and compared with day 1.
        await RunAsync(runner, workflows, tenant.TenantId, Day1.AddDays(1), ct);
        Assert.Equal(chatCalls + (2 * Probes.Length), ChatCalls(env));
        var report2 = (await PerceptionAsync(env, tenant.TenantId, "20261202", ct))!;
        var insights2 = await InsightsAsync(env, tenant.TenantId, "20261202", ct);
        var perception2 = insights2.Perception!;
        Assert.NotEqual(report1.Brands.Select(b => b.MentionShare), report2.Brands.Select(b => b.MentionShare));
        for (var i = 0; i < perception2.Count; i++)
        {
            Assert.Equal(perception1[i].MentionShare, perception2[i].PreviousMentionShare!.Value, 4);
            Assert.Equal(report2.Brands[i].ShareChange!.Value, perception2[i].MentionShare - perception1[i].MentionShare, 4);
        }

        // The perception terms are computed from these figures, with the documented weights and full scales.
        var own = perception2[0];
        Assert.True(insights2.Risk.PerceptionAvailable);
        AssertTerm(insights2.Risk, RiskScore.ShareLost, Math.Max(0, perception1[0].MentionShare - own.MentionShare), 25, 0.20);
        AssertTerm(insights2.Risk, RiskScore.CompetitorSurge,
            perception2.Skip(1).Max(c => Math.Max(0, c.MentionShare - c.PreviousMentionShare!.Value)), 20, 0.20);
        if (own is { MeanSentiment: { } now, PreviousMeanSentiment: { } before })
        {
            AssertTerm(insights2.Risk, RiskScore.SentimentDrop, Math.Max(0, before - now), 25, 0.5);
        }

        Assert.True(insights2.Risk.Terms.Where(t => t.Name is RiskScore.ShareLost or RiskScore.CompetitorSurge or RiskScore.SentimentDrop).Sum(t => t.Points) > 0,
            "the emulator's two days gave no perception risk at all");
        var dropPoints = (perception1[0].MentionShare - own.MentionShare) * 100;
        Assert.Equal(dropPoints >= 10, insights2.Alerts.Any(a => a.Rule == Core.Intelligence.Alerts.AlertRules.ShareDrop));

        // Both runs' ends are on /metrics: counted by status, with their durations.
        // The exporter caches a scrape for a moment: read until the second run's end is in.
        var ofTenant = ("catalogforge_tenant_id", tenant.TenantId);
        IReadOnlyList<PrometheusSample> samples = [];
        for (var attempt = 0; attempt < 50 && PrometheusSample.Sum(samples, "catalogforge_nightly_runs_total", ofTenant) < 2; attempt++)
        {
            samples = await PrometheusMetricsTests.ScrapeAsync(env.Server.CreateClient(), ct);
            await Task.Delay(attempt == 0 ? 0 : 200, ct);
        }

        Assert.Equal(2, PrometheusSample.Sum(samples, "catalogforge_nightly_runs_total", ofTenant, ("catalogforge_nightly_status", "Completed")));
        Assert.Equal(2, PrometheusSample.Sum(samples, "catalogforge_nightly_run_duration_seconds_count", ofTenant, ("catalogforge_nightly_status", "Completed")));
        Assert.True(PrometheusSample.Sum(samples, "catalogforge_nightly_run_duration_seconds_sum", ofTenant) > 0);
    }

    [Fact]
    public async Task A_probe_the_model_answers_with_unusable_json_is_listed_as_a_failure_and_the_run_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("nightly-perception-bad");
        await RunJobAsync(client, 3, ct);
        await PutBrandProfileAsync(client, ct);

        // The first probe's reply and its repair round's reply are both cut off mid-JSON; the other probes are answered.
        env.Emulator.State.Configure("gpt-4o", new DeploymentSettings { TruncationsBeforeSuccess = 2 });
        await RunAsync(env.Server.Services.GetRequiredService<NightlyRunner>(), env.Server.Services.GetRequiredService<IWorkflowClient>(),
            tenant.TenantId, Day1, ct);

        var report = (await PerceptionAsync(env, tenant.TenantId, "20261201", ct))!;
        var failure = Assert.Single(report.Failures);
        Assert.Equal((Probes[0], nameof(ErrorClass.InvalidOutput)), (failure.Probe, failure.ErrorClass));
        Assert.Equal((Probes.Length, Probes.Length - 1), (report.ProbeCount, report.AnsweredProbes));
        Assert.NotNull((await InsightsAsync(env, tenant.TenantId, "20261201", ct)).Perception);
        var run = await RowAsync(env, StorageNames.Tables.NightlyRuns, tenant.TenantId, "20261201", ct);
        Assert.Equal(NightlyRunStatus.Completed, run.GetString("Status"));
    }

    [Fact]
    public async Task A_tenant_without_a_brand_profile_asks_nothing_and_its_snapshot_has_no_perception()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ServerTestEnvironment.StartAsync(azurite);
        var (tenant, client) = await env.CreateTenantClientAsync("nightly-no-profile");
        await RunJobAsync(client, 2, ct);

        var requests = env.Emulator.State.Requests.Count;
        await RunAsync(env.Server.Services.GetRequiredService<NightlyRunner>(), env.Server.Services.GetRequiredService<IWorkflowClient>(),
            tenant.TenantId, Day1, ct);

        Assert.Equal(requests, env.Emulator.State.Requests.Count);
        Assert.Null(await PerceptionAsync(env, tenant.TenantId, "20261201", ct));
        var insights = await InsightsAsync(env, tenant.TenantId, "20261201", ct);
        Assert.Null(insights.Perception);
        Assert.All(insights.Risk.Terms.Where(t => t.Name is RiskScore.ShareLost or RiskScore.CompetitorSurge or RiskScore.SentimentDrop),
            t => Assert.False(t.Available));
    }

    private static int ChatCalls(ServerTestEnvironment env) => env.Emulator.State.Requests.Count(r => r.Kind == RequestKind.Chat);

    private static void AssertTerm(RiskAssessment risk, string name, double measure, double weight, double fullAt)
    {
        var term = risk.Terms.Single(t => t.Name == name);
        Assert.True(term.Available, $"{name} is not available");
        Assert.Equal(measure, term.Measure, 4);
        Assert.Equal(weight * Math.Min(1, measure / fullAt), term.Points, 3);
    }
}
