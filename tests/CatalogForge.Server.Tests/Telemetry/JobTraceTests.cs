using System.Diagnostics;
using CatalogForge.Core.Domain;
using CatalogForge.Core.Telemetry;
using CatalogForge.Server.Tests.Support;
using CatalogForge.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace CatalogForge.Server.Tests.Telemetry;

/// <summary>
/// One trace follows a job from its POST through the Durable engine to the step that saved each product: the spans
/// of a real job (Azurite, the AI emulator) are read from an in-memory exporter and walked from child to parent.
/// </summary>
public sealed class JobTraceTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_jobs_trace_runs_from_the_POST_through_job_and_chunk_to_each_item_step()
    {
        var ct = TestContext.Current.CancellationToken;
        var spans = new List<Activity>();
        await using var env = await ServerTestEnvironment.StartAsync(azurite, configureTestServices: services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var (tenant, client) = await env.CreateTenantClientAsync("trace");
        const int items = 2;

        var accepted = await client.SubmitJobAsync(Payloads.Generate(items, salt: Guid.NewGuid().ToString("N"), images: false), ct);
        Assert.Equal(JobStatus.Completed, (await client.WaitForJobAsync(accepted.JobId, ct)).Status);

        // Spans of every host in the process reach every exporter: keep this job's trace only. The engine ends an
        // orchestration's span when the episode that ran it is saved, which may be just after the job row says Completed.
        List<string> chains = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            chains = ItemStepChains(Snapshot(spans), accepted.JobId, tenant.TenantId);
            if (chains.Count == items && chains.All(IsComplete))
            {
                break;
            }

            await Task.Delay(200, ct);
        }

        Assert.Equal(items, chains.Count);
        Assert.All(chains, chain => Assert.True(IsComplete(chain), $"expected item step → chunk → job → POST /api/jobs, got {chain}"));

        var trace = Snapshot(spans).Where(s => s.GetTagItem(CatalogForgeTelemetry.JobTag) as string == accepted.JobId).Select(s => s.TraceId).Distinct().ToList();
        var jobTrace = Assert.Single(trace);
        var inTrace = Snapshot(spans).Where(s => s.TraceId == jobTrace).ToList();
        // Model calls are HttpClient spans under the item step that made them.
        var generate = inTrace.First(s => s.DisplayName == "catalogforge.activity GenerateContent");
        Assert.Contains(inTrace, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == generate.SpanId);
        // Storage calls are traced through the Azure SDK's own spans.
        Assert.Contains(inTrace, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal));
    }

    private static bool IsComplete(string chain)
    {
        var names = chain.Split(" → ");
        var chunk = Array.FindIndex(names, name => name.StartsWith("orchestration:ProductChunk", StringComparison.Ordinal));
        var job = Array.FindIndex(names, name => name.StartsWith("orchestration:ProductJob", StringComparison.Ordinal));
        return chunk > 0 && job > chunk && names[^1].StartsWith("POST /api/jobs", StringComparison.Ordinal);
    }

    /// <summary>For each SaveProduct step of the job (tags checked), its chain of span names up to the trace's root.</summary>
    private static List<string> ItemStepChains(IReadOnlyList<Activity> all, string jobId, string tenantId)
    {
        var saves = all.Where(s => s.Source.Name == CatalogForgeTelemetry.Name && s.DisplayName == "catalogforge.activity SaveProduct"
            && s.GetTagItem(CatalogForgeTelemetry.JobTag) as string == jobId).ToList();
        var chains = new List<string>();
        foreach (var save in saves)
        {
            Assert.Equal(tenantId, save.GetTagItem(CatalogForgeTelemetry.TenantTag));
            Assert.NotNull(save.GetTagItem(CatalogForgeTelemetry.ItemIndexTag));
            Assert.NotNull(save.GetTagItem(CatalogForgeTelemetry.DeploymentTag));
            var trace = all.Where(s => s.TraceId == save.TraceId).GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
            chains.Add(string.Join(" → ", new[] { save }.Concat(Ancestors(save, trace)).Select(s => s.DisplayName)));
        }

        return chains;
    }

    /// <summary>A copy taken while other hosts' spans may still be added (a torn read shows as a null, skipped).</summary>
    private static List<Activity> Snapshot(List<Activity> spans) => spans.ToArray().Where(span => span is not null).ToList();

    /// <summary>The span's parents up to the trace's root, nearest first (the span itself excluded).</summary>
    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyDictionary<ActivitySpanId, Activity> trace)
    {
        var current = span;
        while (current.ParentSpanId != default && trace.TryGetValue(current.ParentSpanId, out var parent))
        {
            yield return parent;
            current = parent;
        }
    }
}
